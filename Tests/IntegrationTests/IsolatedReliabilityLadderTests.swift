import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// The retry ladder's timing. It runs alone (scripts/test.sh filters on the `Isolated`
/// prefix) because the delays are checked within 20 %, and the parallel tests, one of
/// which publishes 10,000 events, slow the broker by a few hundred milliseconds.
@Suite("Retry ladder timing", .serialized)
struct IsolatedReliabilityLadderTests {
    @Test func failingHandlerIsDeadLetteredAfterLadder() async throws {
        let fixture = try await ReliabilityFixture.make("retry")
        let policy = RetryPolicy(immediateRetries: 1, delays: [.seconds(1), .seconds(2)])
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(retry: policy)
        )
        let attempts = Mutex<[(attempt: Int, at: ContinuousClock.Instant, routingKey: String)]>([])
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { event in
                attempts.withLock { $0.append((event.attempt, .now, event.routingKey)) }
                throw ReliabilityTestFailure()
            }
        }

        let (envelope, body) = try await fixture.publish(1)
        let deadLetterQueue = RetryTopology.deadLetterQueueName(queue: fixture.queue)
        try await fixture.waitForMessages(deadLetterQueue, count: 1, within: .seconds(20))
        let deadLetter = try await fixture.take(deadLetterQueue)
        await subscription.cancel()
        try await consumer.value

        let recorded = attempts.withLock { $0 }
        #expect(recorded.count == policy.maximumAttempts)
        #expect(recorded.map(\.attempt) == Array(1...6))
        #expect(recorded.allSatisfy { $0.routingKey == fixture.routingKey })
        if recorded.count == 6 {
            let gaps = zip(recorded.dropFirst(), recorded).map { ($0.at - $1.at) }
            print("retry ladder gaps: \(gaps.map { "\($0)" }.joined(separator: ", "))")
            // Immediate retries, then 1 s, then 2 s, each within 20 %.
            #expect(gaps[0] < .milliseconds(300))
            #expect(gaps[1] >= .milliseconds(800))
            #expect(gaps[1] <= .milliseconds(1_200))
            #expect(gaps[2] < .milliseconds(300))
            #expect(gaps[3] >= .milliseconds(1_600))
            #expect(gaps[3] <= .milliseconds(2_400))
            #expect(gaps[4] < .milliseconds(300))
        }

        #expect(deadLetter.body == body)
        #expect(deadLetter.properties.messageID == envelope.eventID.uuidString.lowercased())
        #expect(deadLetter.properties.contentType == "application/json")
        let record = FailureRecord(headers: deadLetter.properties.headers)
        #expect(record.reason == .exhausted)
        #expect(record.attempts == 6)
        #expect(record.delayedRetries == 2)
        #expect(record.errorType?.hasSuffix("ReliabilityTestFailure") == true)
        #expect(record.errorMessage == "the test handler failed on purpose")
        #expect(record.originalExchange == Topology.eventsExchange)
        #expect(record.originalRoutingKey == fixture.routingKey)
        #expect(record.queue == fixture.queue)
        let first = try #require(record.firstFailure)
        let last = try #require(record.lastFailure)
        #expect(last.date.timeIntervalSince(first.date) >= 2.4)
        #expect(try await fixture.messageCount(fixture.queue) == 0)
        #expect(try await fixture.messageCount(deadLetterQueue) == 0)
        await fixture.tearDown(policy: policy)
    }
}
