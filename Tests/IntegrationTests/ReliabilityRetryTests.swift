import AMQPClient
import AMQPWire
import Bloodbank
import Foundation
import Synchronization
import Testing

/// A payload for the reliability tests, published with a routing key unique to each test
/// so that events other tests publish in parallel never reach its queue.
struct ReliabilityProbeEvent: EventPayload {
    static let eventType = "bloodbanktest.reliability.checked"
    var sequence: Int
    var label: String
}

struct ReliabilityTestFailure: Error, CustomStringConvertible {
    var description: String { "the test handler failed on purpose" }
}

/// Connections, unique names and queue inspection shared by the reliability tests.
struct ReliabilityFixture {
    let client: BloodbankClient
    let inspector: AMQPChannel
    /// A durable queue name unique to the test, such as `test.reliability.retry.3f2c8a4e`.
    let queue: String
    /// A routing key unique to the test; the subscription binds only this key.
    let routingKey: String

    static func make(_ name: String) async throws -> ReliabilityFixture {
        let client = try await BloodbankClient.connect(
            url: TestBroker.url(),
            source: EventSource(host: "integration-tests", type: .service, app: "bloodbank-reliability-tests")
        )
        let inspector = try await client.connection.openChannel()
        let unique = TestBroker.uniqueName(name)
        return ReliabilityFixture(
            client: client,
            inspector: inspector,
            queue: "test.reliability." + unique,
            routingKey: "bloodbanktest.reliability." + unique
        )
    }

    /// Encodes an event for this fixture's routing key and publishes the exact bytes.
    @discardableResult
    func publish(_ sequence: Int, label: String = "probe", eventID: UUID = UUID()) async throws -> (envelope: EventEnvelope, body: [UInt8]) {
        let envelope = try EventEnvelope(
            payload: ReliabilityProbeEvent(sequence: sequence, label: label),
            source: EventSource(host: "integration-tests", type: .service, app: "bloodbank-reliability-tests"),
            eventID: eventID
        )
        let body = try envelope.encoded()
        try await client.publisher.publish(body: body, routingKey: routingKey, eventID: envelope.eventID.uuidString.lowercased())
        return (envelope, body)
    }

    func messageCount(_ queue: String) async throws -> UInt32 {
        try await inspector.queueDeclare(queue, passive: true).messageCount
    }

    /// Waits until `queue` contains `count` ready messages.
    func waitForMessages(_ queue: String, count: UInt32, within duration: Duration) async throws {
        let inspector = self.inspector
        try await withDeadline(duration, "\(count) messages in \(queue)") {
            while try await inspector.queueDeclare(queue, passive: true).messageCount < count {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Waits until `queue` contains fewer than `count` ready messages.
    func waitForMessagesBelow(_ queue: String, count: UInt32, within duration: Duration) async throws {
        let inspector = self.inspector
        try await withDeadline(duration, "fewer than \(count) messages in \(queue)") {
            while try await inspector.queueDeclare(queue, passive: true).messageCount >= count {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Takes one message from `queue` and acknowledges it.
    func take(_ queue: String) async throws -> AMQPMessage {
        let message = try #require(try await inspector.basicGet(queue: queue, noAck: true))
        return message
    }

    /// Deletes the queue, its delay queues and its dead-letter queue, and closes the client.
    func tearDown(policy: RetryPolicy) async {
        let topology = RetryTopology(queue: queue, policy: policy)
        for name in [queue, topology.deadLetterQueue] + topology.delayQueues.map(\.name) {
            _ = try? await inspector.queueDelete(name)
        }
        await client.close()
    }
}

@Suite("Retries and dead letters on a real broker")
struct ReliabilityRetryTests {
    @Test func invalidMessageSkipsRetries() async throws {
        let fixture = try await ReliabilityFixture.make("invalid")
        let policy = RetryPolicy(immediateRetries: 2, delays: [.seconds(1)])
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(retry: policy)
        )
        let handled = Mutex<[Int]>([])
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { event in
                handled.withLock { $0.append(event.payload.sequence) }
                if event.payload.sequence == 2 { await subscription.cancel() }
            }
        }

        // Not JSON at all, then a valid envelope whose payload is not a ReliabilityProbeEvent.
        let notJSON = Array("this is not json".utf8)
        try await fixture.inspector.confirmSelect()
        let outcome = try await fixture.inspector.basicPublish(
            exchange: "",
            routingKey: fixture.queue,
            body: notJSON,
            properties: AMQPBasicProperties(contentType: "text/plain", deliveryMode: 2, messageID: "not-json"),
            timeout: .seconds(5)
        )
        #expect(outcome == .acked)
        let wrongPayload = EventEnvelope(
            eventType: ReliabilityProbeEvent.eventType,
            source: EventSource(host: "integration-tests", type: .service),
            payload: .object(["unexpected": .string("field")])
        )
        let wrongBody = try wrongPayload.encoded()
        try await fixture.client.publisher.publish(body: wrongBody, routingKey: fixture.routingKey, eventID: wrongPayload.messageID)
        try await fixture.publish(2)

        try await withDeadline(.seconds(10), "handling the valid event") { try await consumer.value }
        #expect(handled.withLock { $0 } == [2])

        let deadLetterQueue = RetryTopology.deadLetterQueueName(queue: fixture.queue)
        try await fixture.waitForMessages(deadLetterQueue, count: 2, within: .seconds(5))
        let first = try await fixture.take(deadLetterQueue)
        let second = try await fixture.take(deadLetterQueue)
        #expect(first.body == notJSON)
        #expect(first.properties.messageID == "not-json")
        #expect(second.body == wrongBody)
        for message in [first, second] {
            let record = FailureRecord(headers: message.properties.headers)
            #expect(record.reason == .invalid)
            #expect(record.attempts == 1)
            #expect(record.delayedRetries == 0)
            #expect(!message.redelivered)
        }
        #expect(FailureRecord(headers: first.properties.headers).errorType?.hasSuffix("EnvelopeError") == true)
        // Nothing waits for a retry.
        let topology = try #require(subscription.retryTopology)
        for delayQueue in topology.delayQueues {
            #expect(try await fixture.messageCount(delayQueue.name) == 0)
        }
        await fixture.tearDown(policy: policy)
    }

    @Test func permanentFailureIsDeadLetteredAtOnce() async throws {
        let fixture = try await ReliabilityFixture.make("permanent")
        let policy = RetryPolicy(immediateRetries: 3, delays: [.seconds(1)])
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(retry: policy)
        )
        let calls = Atomic<Int>(0)
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { _ in
                calls.add(1, ordering: .relaxed)
                throw PermanentFailure("the order was deleted")
            }
        }
        try await fixture.publish(1)
        let deadLetterQueue = RetryTopology.deadLetterQueueName(queue: fixture.queue)
        try await fixture.waitForMessages(deadLetterQueue, count: 1, within: .seconds(10))
        let message = try await fixture.take(deadLetterQueue)
        await subscription.cancel()
        try await consumer.value

        #expect(calls.load(ordering: .relaxed) == 1)
        let record = FailureRecord(headers: message.properties.headers)
        #expect(record.reason == .permanent)
        #expect(record.errorMessage == "the order was deleted")
        await fixture.tearDown(policy: policy)
    }

    @Test func handlerPastDeadlineIsRetriedLater() async throws {
        let fixture = try await ReliabilityFixture.make("deadline")
        let policy = RetryPolicy(immediateRetries: 2, delays: [.seconds(1)])
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [fixture.routingKey],
            options: SubscriptionOptions(retry: policy, handlerTimeout: .milliseconds(300))
        )
        let attempts = Mutex<[(Int, ContinuousClock.Instant)]>([])
        let consumer = Task {
            try await subscription.run(as: ReliabilityProbeEvent.self) { event in
                attempts.withLock { $0.append((event.attempt, .now)) }
                if event.attempt == 1 {
                    try await Task.sleep(for: .seconds(30))
                }
                await subscription.cancel()
            }
        }
        try await fixture.publish(1)
        try await withDeadline(.seconds(10), "the retry after the deadline") { try await consumer.value }

        let recorded = attempts.withLock { $0 }
        // No immediate retry after a timeout: the second attempt follows the 300 ms deadline
        // and the 1 s delay. Only the lower bound is checked, because parallel tests can
        // slow the broker by seconds; the test's 10 s deadline bounds the rest.
        #expect(recorded.map(\.0) == [1, 2])
        if recorded.count == 2 {
            let gap = recorded[1].1 - recorded[0].1
            #expect(gap >= .milliseconds(1_200))
        }
        await fixture.tearDown(policy: policy)
    }

    @Test func temporaryQueueHasLengthLimit() async throws {
        let fixture = try await ReliabilityFixture.make("bounded")
        let subscription = try await fixture.client.subscribe(
            queue: .temporary,
            bindings: [fixture.routingKey],
            prefetch: 1,
            options: SubscriptionOptions(temporaryQueueMaxLength: 10)
        )
        // The consumer keeps one message unacknowledged, and the queue keeps the newest ten.
        for sequence in 0..<25 {
            try await fixture.publish(sequence)
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await fixture.messageCount(subscription.queue) == 10)
        await subscription.cancel()
        await fixture.client.close()
    }
}
