@testable import Bloodbank
import Testing

@Suite("Idempotency window")
struct CommandIdempotencyWindowTests {
    typealias Window = IdempotencyWindow<String, String, Int>

    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant {
        start.advanced(by: .milliseconds(Int64(seconds * 1000)))
    }

    static func isExecute(_ decision: IdempotencyDecision<String>) -> Bool {
        if case .execute = decision { return true }
        return false
    }

    static func isWait(_ decision: IdempotencyDecision<String>) -> Bool {
        if case .wait = decision { return true }
        return false
    }

    static func replayed(_ decision: IdempotencyDecision<String>) -> String? {
        if case .replay(let outcome) = decision { return outcome }
        return nil
    }

    @Test func newKeyExecutes() {
        var window = Window(window: .seconds(300))
        #expect(Self.isExecute(window.begin("a", now: at(0))))
        #expect(window.count == 1)
    }

    @Test func rememberedOutcomeReplaysWithinWindow() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        _ = window.finish("a", outcome: "done", remember: true, now: at(1))
        #expect(Self.replayed(window.begin("a", now: at(2))) == "done")
        #expect(Self.replayed(window.begin("a", now: at(300.9))) == "done")
    }

    @Test func outcomeIsForgottenAfterWindow() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        _ = window.finish("a", outcome: "done", remember: true, now: at(1))
        #expect(Self.isExecute(window.begin("a", now: at(301))))
    }

    @Test func unrememberedOutcomeExecutesAgain() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        _ = window.finish("a", outcome: "retryable failure", remember: false, now: at(1))
        #expect(Self.isExecute(window.begin("a", now: at(2))))
    }

    @Test func runningKeyMakesDuplicateWait() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        #expect(Self.isWait(window.begin("a", now: at(0.1))))
        #expect(window.addWaiter(7, for: "a") == nil)
        #expect(window.addWaiter(8, for: "a") == nil)
        let waiters = window.finish("a", outcome: "done", remember: false, now: at(1))
        #expect(waiters == [7, 8])
    }

    @Test func waiterOfFinishedKeyGetsOutcome() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        _ = window.finish("a", outcome: "done", remember: true, now: at(1))
        guard case .replay(let outcome) = window.addWaiter(1, for: "a") else {
            Issue.record("a waiter of a finished key must get its outcome")
            return
        }
        #expect(outcome == "done")
    }

    @Test func waiterOfForgottenKeyRetries() {
        var window = Window(window: .seconds(300))
        guard case .retry = window.addWaiter(1, for: "unknown") else {
            Issue.record("a waiter of an unknown key must retry")
            return
        }
    }

    @Test func abandonedKeyReleasesWaitersAndExecutesAgain() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        _ = window.addWaiter(3, for: "a")
        #expect(window.abandon("a") == [3])
        #expect(Self.isExecute(window.begin("a", now: at(1))))
    }

    @Test func updateChangesRememberedOutcome() {
        var window = Window(window: .seconds(300))
        _ = window.begin("a", now: at(0))
        _ = window.finish("a", outcome: "unpublished", remember: true, now: at(1))
        window.updateOutcome(of: "a") { $0 = "published" }
        #expect(Self.replayed(window.begin("a", now: at(2))) == "published")
    }

    @Test func oldestOutcomesAreEvictedBeyondMaximum() {
        var window = Window(window: .seconds(300), maximumCount: 3)
        for (index, key) in ["a", "b", "c", "d", "e"].enumerated() {
            _ = window.begin(key, now: at(Double(index)))
            _ = window.finish(key, outcome: key, remember: true, now: at(Double(index)))
        }
        #expect(window.count == 3)
        #expect(Self.isExecute(window.begin("a", now: at(10))))
        #expect(Self.replayed(window.begin("e", now: at(10))) == "e")
    }

    @Test func refinishedKeyKeepsItsNewWindow() {
        var window = Window(window: .seconds(10))
        _ = window.begin("a", now: at(0))
        _ = window.finish("a", outcome: "first", remember: true, now: at(0))
        // After the first window, the key runs again and is remembered from second 11.
        _ = window.begin("a", now: at(11))
        _ = window.finish("a", outcome: "second", remember: true, now: at(11))
        #expect(Self.replayed(window.begin("a", now: at(20))) == "second")
        #expect(Self.isExecute(window.begin("a", now: at(21.5))))
    }

    @Test func manyKeysStayBounded() {
        var window = Window(window: .seconds(1), maximumCount: 1000)
        for index in 0..<10_000 {
            let key = "key-\(index)"
            _ = window.begin(key, now: at(Double(index) / 1000))
            _ = window.finish(key, outcome: key, remember: true, now: at(Double(index) / 1000))
        }
        #expect(window.count <= 1001)
    }
}
