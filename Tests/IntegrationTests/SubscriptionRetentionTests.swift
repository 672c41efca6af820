import AMQPClient
@testable import Bloodbank
import Synchronization
import Testing

@Suite("Subscription retention on a real broker")
struct SubscriptionRetentionTests {
    /// A timer task per handler attempt kept about 0.7 KB per message until the handler
    /// timeout passed, so memory grew with the messages handled. The deadlines must end
    /// empty with one sleep started, and no job may remain.
    @Test func handledMessagesLeaveNoDeadlines() async throws {
        let fixture = try await ReliabilityFixture.make("retention")
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            prefetch: 100,
            options: SubscriptionOptions(concurrency: 2)
        )
        let total = 500
        for sequence in 0..<total {
            try await fixture.publish(sequence)
        }
        let handled = Atomic<Int>(0)
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { _ in
                if handled.add(1, ordering: .relaxed).newValue == total { await subscription.cancel() }
            }
        }
        try await withDeadline(.seconds(30), "handling \(total) events") { try await consumer.value }

        #expect(handled.load(ordering: .relaxed) == total)
        #expect(subscription.deadlines.pendingCount == 0)
        #expect(subscription.deadlines.sleepsStarted == 1)
        #expect(subscription.state.withLock { $0.jobs.isEmpty })
        #expect(try await fixture.messageCount(fixture.queue) == 0)
        await fixture.tearDown(policy: .standard)
    }
}
