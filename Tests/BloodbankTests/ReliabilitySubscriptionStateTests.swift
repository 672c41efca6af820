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
