@testable import Bloodbank
import Synchronization
import Testing

@Suite("Subscription state")
struct ReliabilitySubscriptionStateTests {
    @Test func slotsStopAtConcurrency() async {
        let state = StateBox(concurrency: 2)
        #expect(await state.acquire() == true)
        #expect(await state.acquire() == true)
        // The third waits until a slot is released, and gets it handed over.
        async let third = state.acquire()
        await state.waitForWaiter()
        #expect(state.releaseAndResume())
        #expect(await third == true)
        #expect(state.slotsInUse == 2)
    }

    @Test func stopWakesWaiterWithFalse() async {
        let state = StateBox(concurrency: 1)
        #expect(await state.acquire() == true)
        async let second = state.acquire()
        await state.waitForWaiter()
        state.stop()
        #expect(await second == false)
        #expect(await state.acquire() == false)
    }

    @Test func releaseWhileStoppingFreesSlot() async {
        let state = StateBox(concurrency: 1)
        #expect(await state.acquire() == true)
        state.stop()
        #expect(!state.releaseAndResume())
        #expect(state.slotsInUse == 0)
    }

    @Test func secondStartIsRejected() {
        var state = SubscriptionState(concurrency: 1)
        let first = state.start()
        let second = state.start()
        #expect(first)
        #expect(!second)
    }

    @Test func eventClaimIsExclusive() {
        var state = SubscriptionState(concurrency: 4)
        let first = state.claimEvent("a")
        let second = state.claimEvent("a")
        state.releaseEvent("a")
        let afterRelease = state.claimEvent("a")
        #expect(first)
        #expect(!second)
        #expect(afterRelease)
    }

    @Test func raceKeepsFirstOutcome() async {
        let race = HandlerRace()
        race.finish(.timedOut)
        race.finish(.succeeded)
        let outcome = await race.wait()
        guard case .timedOut = outcome else {
            Issue.record("expected timedOut, got \(outcome)")
            return
        }
    }

    @Test func abortedJobRejectsNextAttempt() {
        let control = JobControl()
        control.abort()
        #expect(!control.attach(HandlerRace()))
    }

    /// A timer per attempt kept memory for every message until its deadline. However
    /// many attempts ended, the deadlines must keep one sleep and no entries.
    @Test func deadlinesKeepOneSleepForManyAttempts() {
        let deadlines = SubscriptionDeadlines(timeout: .seconds(300))
        for _ in 0..<10_000 {
            let id = deadlines.register(HandlerRace())
            deadlines.unregister(id)
        }
        #expect(deadlines.pendingCount == 0)
        #expect(deadlines.sleepsStarted == 1)
        deadlines.stop()
    }

    @Test func deadlinesBoundedByAttemptsInFlight() {
        let deadlines = SubscriptionDeadlines(timeout: .seconds(300))
        var inFlight: [UInt64] = []
        for _ in 0..<1_000 {
            inFlight.append(deadlines.register(HandlerRace()))
            if inFlight.count > 4 {
                deadlines.unregister(inFlight.removeFirst())
            }
        }
        #expect(deadlines.pendingCount == 4)
        #expect(deadlines.sleepsStarted == 1)
        deadlines.stop()
    }

    @Test func deadlineTimesOutRunningAttempt() async {
        let deadlines = SubscriptionDeadlines(timeout: .milliseconds(20))
        let race = HandlerRace()
        _ = deadlines.register(race)
        let outcome = await race.wait()
        guard case .timedOut = outcome else {
            Issue.record("expected timedOut, got \(outcome)")
            return
        }
        #expect(deadlines.pendingCount == 0)
        deadlines.stop()
    }

    @Test func endedAttemptDoesNotTimeOut() async {
        let deadlines = SubscriptionDeadlines(timeout: .milliseconds(20))
        let ended = HandlerRace()
        deadlines.unregister(deadlines.register(ended))
        // The second attempt's timeout shows that the watcher has passed the first deadline.
        let running = HandlerRace()
        _ = deadlines.register(running)
        _ = await running.wait()
        // A race keeps its first outcome, so this one is lost if the watcher timed it out.
        ended.finish(.succeeded)
        let outcome = await ended.wait()
        guard case .succeeded = outcome else {
            Issue.record("expected succeeded, got \(outcome)")
            return
        }
        deadlines.stop()
    }

    @Test func stoppedDeadlinesStartNoSleep() {
        let deadlines = SubscriptionDeadlines(timeout: .seconds(300))
        _ = deadlines.register(HandlerRace())
        deadlines.stop()
        _ = deadlines.register(HandlerRace())
        #expect(deadlines.sleepsStarted == 1)
    }
}

/// A `SubscriptionState` behind a lock, driven the way `Subscription` drives it.
final class StateBox: Sendable {
    private let state: Mutex<SubscriptionState>

    init(concurrency: Int) {
        var initial = SubscriptionState(concurrency: concurrency)
        _ = initial.start()
        state = Mutex(initial)
    }

    var slotsInUse: Int { state.withLock { $0.slotsInUse } }

    func acquire() async -> Bool {
        await withCheckedContinuation { continuation in
            let immediate = state.withLock { $0.acquireSlot(continuation) }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Releases a slot and resumes the waiter it was handed to; returns whether there was one.
    func releaseAndResume() -> Bool {
        guard let waiter = state.withLock({ $0.releaseSlot() }) else { return false }
        waiter.resume(returning: true)
        return true
    }

    func stop() {
        state.withLock { $0.stopRequested() }?.resume(returning: false)
    }

    /// Waits until an `acquire` call is parked as the slot waiter.
    func waitForWaiter() async {
        while !state.withLock({ $0.hasSlotWaiter }) {
            await Task.yield()
        }
    }
}
