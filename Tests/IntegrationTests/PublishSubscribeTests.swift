import AMQPClient
import AMQPWire
import Bloodbank
import BloodbankCatalog
import Foundation
import Synchronization
import Testing

@Suite("Publishing and subscribing through RabbitMQ", .serialized)
struct PublishSubscribeTests {
    static func connect() async throws -> BloodbankClient {
        try await BloodbankClient.connect(
            url: TestBroker.url(),
            source: EventSource(host: "integration-tests", type: .service, app: "bloodbank-tests")
        )
    }

    static func prompt(_ index: Int, project: String = "integration-tests") -> AgentThreadPrompt {
        AgentThreadPrompt(provider: "anthropic", prompt: "prompt number \(index)", project: project, tags: ["test"])
    }

    @Test func tenThousandEventsArriveExactlyOnce() async throws {
        let client = try await Self.connect()
        let subscription = try await client.subscribe(queue: .temporary, bindings: [AgentThreadPrompt.eventType], prefetch: 500)
        let count = 10_000
        // Other tests publish the same event type in parallel; only this run's events count.
        let project = TestBroker.uniqueName("ten-thousand")

        let received = Mutex<[UUID: Int]>([:])
        let consumer = Task {
            try await subscription.run(as: AgentThreadPrompt.self) { event in
                guard event.payload.project == project else { return }
                let total = received.withLock { seen -> Int in
                    seen[event.envelope.eventID, default: 0] += 1
                    return seen.count
                }
                if total == count { await subscription.cancel() }
            }
        }

        let published = try await withThrowingTaskGroup(of: UUID.self) { group in
            var ids: Set<UUID> = []
            for index in 0..<count {
                group.addTask { try await client.publish(Self.prompt(index, project: project), timeout: .seconds(30)).eventID }
                if index >= 500, let id = try await group.next() {
                    // Keeps about 500 publishes in flight.
                    ids.insert(id)
                }
            }
            for try await id in group { ids.insert(id) }
            return ids
        }
        try await withDeadline(.seconds(60), "consuming 10,000 events") { try await consumer.value }

        let seen = received.withLock { $0 }
        #expect(published.count == count)
        #expect(seen.count == count)
        #expect(published.subtracting(seen.keys).isEmpty, "published but never received")
        #expect(seen.values.allSatisfy { $0 == 1 })
        await client.close()
    }

    @Test func publishWithoutQueueIsUnroutable() async throws {
        let client = try await Self.connect()
        let payload = GithubPRCreatedForTest(cacheKey: "trinote|\(UUID().uuidString)")
        await #expect {
            try await client.publish(payload)
        } throws: { error in
            (error as? BloodbankError)?.code == .unroutable
        }
        await client.close()
    }

    @Test func undecodableBodyIsDeadLetteredAndNextHandled() async throws {
        let client = try await Self.connect()
        // A named queue, so that it outlives the consumer and can be inspected at the end.
        let queue = TestBroker.uniqueName("test.undecodable")
        let subscription = try await client.subscribe(queue: .durable(queue), bindings: [AgentThreadPrompt.eventType])
        let handled = Mutex<[String]>([])
        let project = TestBroker.uniqueName("undecodable")
        let consumer = Task {
            try await subscription.run(as: AgentThreadPrompt.self) { event in
                // Other tests publish prompts in parallel; this test waits for its own.
                guard event.payload.project == project else { return }
                handled.withLock { $0.append(event.payload.prompt) }
                await subscription.cancel()
            }
        }

        // A body that is not JSON, published straight to the queue.
        let raw = try await client.connection.openChannel()
        try await raw.confirmSelect()
        let outcome = try await raw.basicPublish(
            exchange: "",
            routingKey: subscription.queue,
            body: Array("this is not json".utf8),
            properties: AMQPBasicProperties(contentType: "text/plain", messageID: "not-json-1"),
            timeout: .seconds(5)
        )
        #expect(outcome == .acked)
        try await client.publish(AgentThreadPrompt(provider: "openai", prompt: "after the bad one", project: project))

        try await withDeadline(.seconds(10), "handling the valid event") { try await consumer.value }
        #expect(handled.withLock { $0 } == ["after the bad one"])
        let left = try await raw.queueDeclare(queue, passive: true)
        #expect(left.messageCount == 0)
        #expect(left.consumerCount == 0)
        // The undecodable body went to the dead-letter queue, unchanged.
        let topology = try #require(subscription.retryTopology)
        let deadLetter = try #require(try await raw.basicGet(queue: topology.deadLetterQueue, noAck: true))
        #expect(deadLetter.body == Array("this is not json".utf8))
        #expect(FailureRecord(headers: deadLetter.properties.headers).reason == .invalid)
        for name in [queue, topology.deadLetterQueue] + topology.delayQueues.map(\.name) {
            try await raw.queueDelete(name)
        }
        await client.close()
    }

    @Test func handlerPublishListsCausingEvent() async throws {
        let client = try await Self.connect()
        let subscription = try await client.subscribe(
            queue: .temporary,
            bindings: [FirefliesTranscriptUpload.eventType, AgentThreadPrompt.eventType]
        )
        let upload = FirefliesTranscriptUpload(mediaFile: "/recordings/standup.mp4", mediaDurationSeconds: 900, mediaType: "video/mp4")
        let uploadID = UUID()
        let followUp = Mutex<EventEnvelope?>(nil)
        let project = TestBroker.uniqueName("causation")
        let consumer = Task {
            try await subscription.run { event in
                if event.envelope.eventType == FirefliesTranscriptUpload.eventType {
                    guard event.envelope.eventID == uploadID else { return }
                    try await client.publish(Self.prompt(1, project: project))
                } else if event.envelope.payload["project"]?.stringValue == project {
                    followUp.withLock { $0 = event.envelope }
                    await subscription.cancel()
                }
            }
        }
        let published = try await client.publish(upload, eventID: uploadID)
        try await withDeadline(.seconds(10), "the follow-up event") { try await consumer.value }
        let envelope = try #require(followUp.withLock { $0 })
        #expect(envelope.correlationIDs == [published.eventID])
        await client.close()
    }

    @Test func messagePropertiesMatchWireContract() async throws {
        let client = try await Self.connect()
        let channel = try await client.connection.openChannel()
        let queue = try await channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true).queue
        try await channel.queueBind(queue: queue, exchange: Topology.eventsExchange, routingKey: AgentThreadPrompt.eventType)
        let envelope = try await client.publish(Self.prompt(7))

        let message = try await withDeadline(.seconds(5), "basic.get") {
            while true {
                if let message = try await channel.basicGet(queue: queue, noAck: true) { return message }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(message.properties.deliveryMode == 2)
        #expect(message.properties.contentType == "application/json")
        #expect(message.properties.contentEncoding == "utf-8")
        #expect(message.properties.messageID == envelope.eventID.uuidString.lowercased())
        #expect(message.routingKey == "agent.thread.prompt")
        let decoded = try EventEnvelope.decode(message.body)
        #expect(decoded.eventID == envelope.eventID)
        #expect(decoded.source.app == "bloodbank-tests")
        await client.close()
    }
}

/// A payload whose type no queue binds, for the unroutable test.
struct GithubPRCreatedForTest: EventPayload {
    static let eventType = "bloodbanktest.unbound.created"
    var cacheKey: String

    enum CodingKeys: String, CodingKey {
        case cacheKey = "cache_key"
    }
}
