import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

@Suite("bb dlq against a real broker")
struct ReliabilityDLQCommandTests {
    @Test func replayedDeadLetterReachesFixedHandler() async throws {
        let fixture = try await ReliabilityFixture.make("dlq")
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(retry: .none)
        )
        let fixed = Atomic<Bool>(false)
        let handled = Mutex<[(UUID, Int)]>([])
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { event in
                guard fixed.load(ordering: .relaxed) else { throw ReliabilityTestFailure() }
                handled.withLock { $0.append((event.envelope.eventID, event.attempt)) }
                await subscription.cancel()
            }
        }
        let (envelope, body) = try await fixture.publish(7, label: "replay me")
        let eventID = envelope.eventID.uuidString.lowercased()
        let deadLetterQueue = RetryTopology.deadLetterQueueName(queue: fixture.queue)
        try await fixture.waitForMessages(deadLetterQueue, count: 1, within: .seconds(10))

        let list = try BBProcess.run(["dlq", "list", fixture.queue])
        #expect(list.status == 0, "\(list.standardError)")
        let lines = list.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(eventID) == true)
        #expect(lines.first?.contains(fixture.routingKey) == true)
        #expect(lines.first?.contains("exhausted") == true)
        #expect(lines.first?.contains("attempts=1") == true)

        let show = try BBProcess.run(["dlq", "show", deadLetterQueue])
        #expect(show.status == 0)
        #expect(show.standardOutput.contains("error message:     the test handler failed on purpose"))
        #expect(!show.standardOutput.contains("replay me"), "the body is printed only with --body")
        let showBody = try BBProcess.run(["dlq", "show", fixture.queue, "--body", "--id", eventID])
        #expect(showBody.standardOutput.contains(String(decoding: body, as: UTF8.self)))

        let dryRun = try BBProcess.run(["dlq", "replay", fixture.queue, "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.standardOutput.contains("would replay \(eventID) to bloodbank.events.v1 \(fixture.routingKey)"))
        #expect(try await fixture.messageCount(deadLetterQueue) == 1)
        #expect(handled.withLock { $0.isEmpty })

        fixed.store(true, ordering: .relaxed)
        let replay = try BBProcess.run(["dlq", "replay", fixture.queue])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.contains("Replayed 1 of 1 dead letters"))
        try await withDeadline(.seconds(10), "the fixed handler") { try await consumer.value }
        let replayed = handled.withLock { $0 }
        #expect(replayed.map(\.0) == [envelope.eventID])
        // The replay starts a new ladder: the failure headers are gone.
        #expect(replayed.map(\.1) == [1])
        #expect(try await fixture.messageCount(deadLetterQueue) == 0)
        await fixture.tearDown(policy: .none)
    }

    @Test func purgeEmptiesDeadLetterQueue() async throws {
        let fixture = try await ReliabilityFixture.make("dlq-purge")
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(retry: .none)
        )
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { _ in throw ReliabilityTestFailure() }
        }
        for sequence in 0..<3 {
            try await fixture.publish(sequence)
        }
        let deadLetterQueue = RetryTopology.deadLetterQueueName(queue: fixture.queue)
        try await fixture.waitForMessages(deadLetterQueue, count: 3, within: .seconds(10))
        await subscription.cancel()
        try await consumer.value

        let purge = try BBProcess.run(["dlq", "purge", fixture.queue])
        #expect(purge.status == 0)
        #expect(purge.standardOutput.contains("Purged 3 dead letters from \(deadLetterQueue)."))
        #expect(try await fixture.messageCount(deadLetterQueue) == 0)
        await fixture.tearDown(policy: .none)
    }

    @Test func missingQueueFailsClearly() throws {
        let result = try BBProcess.run(["dlq", "list", "test.reliability.no-such-queue"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("queue 'test.reliability.no-such-queue.dlq' does not exist"))
    }
}
