import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// Broker restarts while retries wait. These run alone (scripts/test.sh filters on the
/// `Isolated` prefix) because a restart disturbs every connection.
@Suite("Retries across a broker restart", .serialized)
struct IsolatedReliabilityRestartTests {
    @Test func delayedRetriesSurviveBrokerRestart() async throws {
        let fixture = try await ReliabilityFixture.make("restart")
        let policy = RetryPolicy(immediateRetries: 0, delays: [.seconds(8)])
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            prefetch: 50,
            options: SubscriptionOptions(retry: policy, concurrency: 10)
        )
        let total = 50
        let succeeded = Mutex<Set<Int>>([])
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { event in
                // Every event fails once and then waits in the delay queue.
                guard event.attempt > 1 else { throw ReliabilityTestFailure() }
                let count = succeeded.withLock { handled -> Int in
                    handled.insert(event.payload.sequence)
                    return handled.count
                }
                if count == total { await subscription.cancel() }
            }
        }
        for sequence in 0..<total {
            try await fixture.publish(sequence)
        }
        let delayQueue = try #require(subscription.retryTopology?.delayQueues.first?.name)
        try await fixture.waitForMessages(delayQueue, count: UInt32(total), within: .seconds(10))

        let restartedAt = ContinuousClock.now
        try BrokerControl.run(["stop_app"])
        try BrokerControl.run(["start_app"])
        print("broker restarted in \(ContinuousClock.now - restartedAt) with \(total) messages in \(delayQueue)")

        try await withDeadline(.seconds(90), "handling every event after the restart") { try await consumer.value }
        #expect(succeeded.withLock { $0.count } == total)
        let deadLetterQueue = RetryTopology.deadLetterQueueName(queue: fixture.queue)
        #expect(try await fixture.messageCount(deadLetterQueue) == 0)
        #expect(try await fixture.messageCount(delayQueue) == 0)
        await fixture.tearDown(policy: policy)
    }
}
