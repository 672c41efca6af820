import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// Counts handlers running at once and remembers the maximum.
final class ConcurrencyGauge: Sendable {
    private let state = Mutex<(running: Int, maximum: Int, handled: Int)>((0, 0, 0))

    func enter() {
        state.withLock { state in
            state.running += 1
            state.maximum = max(state.maximum, state.running)
        }
    }

    /// Leaves and returns how many handlers finished so far.
    func leave() -> Int {
        state.withLock { state in
            state.running -= 1
            state.handled += 1
            return state.handled
        }
    }

    var maximum: Int { state.withLock { $0.maximum } }
}

@Suite("Concurrency limits and de-duplication on a real broker")
struct ReliabilityConcurrencyTests {
    @Test func concurrencyLimitHoldsWithLargePrefetch() async throws {
        let fixture = try await ReliabilityFixture.make("concurrency")
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            prefetch: 100,
            options: SubscriptionOptions(concurrency: 4)
        )
        let total = 60
        for sequence in 0..<total {
            try await fixture.publish(sequence)
        }
        let gauge = ConcurrencyGauge()
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { _ in
                gauge.enter()
                try await Task.sleep(for: .milliseconds(30))
                if gauge.leave() == total { await subscription.cancel() }
            }
        }
        try await withDeadline(.seconds(20), "handling \(total) events") { try await consumer.value }
        print("concurrency 4 with prefetch 100: at most \(gauge.maximum) handlers ran at once")
        #expect(gauge.maximum == 4)
        #expect(try await fixture.messageCount(fixture.queue) == 0)
        await fixture.tearDown(policy: .standard)
    }

    @Test(arguments: ["memory", "sqlite"])
    func duplicateEventRunsHandlerOnce(_ storeKind: String) async throws {
        let fixture = try await ReliabilityFixture.make("dedup-\(storeKind)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(fixture.queue).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store: any DeduplicationStore = storeKind == "memory"
            ? InMemoryDeduplicationStore(window: .seconds(60))
            : try SQLiteDeduplicationStore(path: path, window: .seconds(60))
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(concurrency: 2, deduplication: store)
        )
        let handled = Mutex<[Int]>([])
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { event in
                handled.withLock { $0.append(event.payload.sequence) }
                if event.payload.sequence == 3 { await subscription.cancel() }
            }
        }
        let repeated = UUID()
        try await fixture.publish(1, eventID: repeated)
        try await fixture.publish(2)
        try await fixture.publish(1, eventID: repeated)
        try await Task.sleep(for: .milliseconds(300))
        try await fixture.publish(3)
        try await withDeadline(.seconds(10), "handling the events") { try await consumer.value }

        #expect(handled.withLock { $0.sorted() } == [1, 2, 3])
        #expect(try await fixture.messageCount(fixture.queue) == 0)
        await fixture.tearDown(policy: .standard)
    }
}
