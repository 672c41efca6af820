import AMQPClient
import AMQPWire
import Foundation
import Testing

@Suite("AMQP client against RabbitMQ", .serialized)
struct AMQPClientIntegrationTests {
    @Test func handshakeNegotiatesWithBroker() async throws {
        let connection = try await TestBroker.connect(heartbeatSeconds: 10)
        #expect(connection.isOpen)
        #expect(connection.heartbeatSeconds == 10)
        #expect(connection.frameMax == 131_072)
        #expect(connection.serverProperties["product"]?.stringValue == "RabbitMQ")
        await connection.close()
        #expect(!connection.isOpen)
        #expect(connection.closeReason?.code == .connectionClosed)
    }

    @Test func wrongPasswordFailsAuthentication() async throws {
        var configuration = try TestBroker.configuration()
        configuration.password = "definitely-not-the-password"
        await #expect {
            _ = try await AMQPConnection.connect(configuration)
        } throws: { error in
            let error = try #require(error as? AMQPClientError)
            return error.code == .authenticationFailed && !error.description.contains("definitely-not-the-password")
        }
    }

    @Test func serverNamedQueueAndBinding() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let exchange = TestBroker.uniqueName("test.exchange")
        try await channel.exchangeDeclare(exchange, type: "topic", durable: false, autoDelete: true)
        let declared = try await channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true)
        #expect(declared.queue.hasPrefix("amq.gen-"))
        try await channel.queueBind(queue: declared.queue, exchange: exchange, routingKey: "a.*")
        try await channel.basicPublish(exchange: exchange, routingKey: "a.b", body: Array("x".utf8))
        let message = try await withDeadline(.seconds(5), "basic.get") {
            while true {
                if let message = try await channel.basicGet(queue: declared.queue, noAck: true) { return message }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(message.body == Array("x".utf8))
        #expect(message.routingKey == "a.b")
        #expect(try await channel.basicGet(queue: declared.queue) == nil)
        await connection.close()
    }

    @Test func largeAndEmptyBodiesRoundTrip() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = try await channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true).queue
        try await channel.confirmSelect()

        var large = [UInt8](repeating: 0, count: 10 * 1024 * 1024)
        for index in large.indices { large[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        let largeOutcome = try await channel.basicPublish(exchange: "", routingKey: queue, body: large, timeout: .seconds(30))
        let emptyOutcome = try await channel.basicPublish(exchange: "", routingKey: queue, body: [], timeout: .seconds(10))
        #expect(largeOutcome == .acked)
        #expect(emptyOutcome == .acked)

        let consumer = try await channel.basicConsume(queue: queue)
        let received = try await withDeadline(.seconds(30), "receiving two messages") {
            var bodies: [[UInt8]] = []
            for try await message in consumer {
                bodies.append(message.body)
                try await message.ack()
                if bodies.count == 2 { break }
            }
            return bodies
        }
        #expect(received.count == 2)
        #expect(received.first == large)
        #expect(received.last == [])
        await connection.close()
    }

    @Test func mandatoryPublishWithoutQueueIsReturned() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let exchange = TestBroker.uniqueName("test.unroutable")
        try await channel.exchangeDeclare(exchange, type: "topic", durable: false, autoDelete: false)
        try await channel.confirmSelect()
        let outcome = try await channel.basicPublish(
            exchange: exchange,
            routingKey: "nobody.listens.here",
            body: Array("{}".utf8),
            properties: AMQPBasicProperties(messageID: "m-1"),
            mandatory: true,
            timeout: .seconds(5)
        )
        guard case .returned(let returned) = outcome else {
            Issue.record("expected a return, got \(outcome)")
            return
        }
        #expect(returned.replyCode == 312)
        #expect(returned.routingKey == "nobody.listens.here")
        try await channel.exchangeDelete(exchange)
        await connection.close()
    }

    @Test func concurrentConfirmsSettleEachPublishOnce() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = try await channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true).queue
        try await channel.confirmSelect()
        let outcomes = try await withThrowingTaskGroup(of: PublishConfirmation.self) { group in
            for index in 0..<2000 {
                group.addTask {
                    try await channel.basicPublish(exchange: "", routingKey: queue, body: Array("\(index)".utf8), timeout: .seconds(20))
                }
            }
            var all: [PublishConfirmation] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 2000)
        #expect(outcomes.allSatisfy { $0 == .acked })
        let count = try await channel.queueDeclare(queue, durable: false, exclusive: true, autoDelete: true, passive: true).messageCount
        #expect(count == 2000)
        await connection.close()
    }

    @Test func channelErrorLeavesConnectionWorking() async throws {
        let connection = try await TestBroker.connect()
        let first = try await connection.openChannel()
        let other = try await connection.openChannel()
        let queue = TestBroker.uniqueName("test.conflict")
        try await first.queueDeclare(queue, durable: false, autoDelete: true)

        await #expect {
            try await first.queueDeclare(queue, durable: true, autoDelete: true)
        } throws: { error in
            let error = try #require(error as? AMQPClientError)
            return error.code == .channelClosed && error.replyCode == 406
                && error.causingMethod == "queue.declare" && error.message.contains(queue)
        }
        #expect(!first.isOpen)
        #expect(connection.isOpen)
        #expect(other.isOpen)

        await #expect(throws: AMQPClientError.self) {
            try await first.queueDeclare(queue, durable: false, autoDelete: true)
        }
        let replacement = try await connection.openChannel()
        let passive = try await replacement.queueDeclare(queue, durable: false, autoDelete: true, passive: true)
        #expect(passive.queue == queue)
        try await other.queueDelete(queue)
        await connection.close()
    }

    @Test func deletedQueueCancelsConsumer() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("test.cancel")
        try await channel.queueDeclare(queue, durable: false)
        let consumer = try await channel.basicConsume(queue: queue)
        let otherQueue = TestBroker.uniqueName("test.cancel.other")
        try await channel.queueDeclare(otherQueue, durable: false)
        let otherConsumer = try await channel.basicConsume(queue: otherQueue)

        let admin = try await connection.openChannel()
        try await admin.queueDelete(queue)

        await #expect {
            try await withDeadline(.seconds(5), "consumer cancellation") {
                for try await _ in consumer {}
            }
        } throws: { error in
            (error as? AMQPClientError)?.code == .consumerCancelled
        }
        #expect(connection.isOpen)
        #expect(channel.isOpen)

        // The other consumer on the same channel keeps receiving.
        try await channel.basicPublish(exchange: "", routingKey: otherQueue, body: Array("still here".utf8))
        let message = try await withDeadline(.seconds(5), "a delivery to the other consumer") {
            for try await message in otherConsumer { return message }
            throw DeadlineExceeded(what: "the other consumer ended", duration: .zero)
        }
        #expect(message.body == Array("still here".utf8))
        try await message.ack()
        try await admin.queueDelete(otherQueue)
        await connection.close()
    }

    @Test func conflictingArgumentsNameTheDifference() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("test.arguments")
        try await channel.queueDeclare(queue, durable: false, autoDelete: true, arguments: ["x-max-length": .int32(10)])

        await #expect {
            try await channel.queueDeclare(queue, durable: false, autoDelete: true, arguments: ["x-max-length": .int32(20)])
        } throws: { error in
            let error = try #require(error as? AMQPClientError)
            // RabbitMQ names the argument and both values in its reply text.
            return error.replyCode == 406 && (error.replyText ?? "").contains("x-max-length")
                && error.message.contains("x-max-length") && error.message.contains(queue)
        }
        let next = try await connection.openChannel()
        let declared = try await next.queueDeclare(queue, passive: true)
        #expect(declared.queue == queue)
        try await next.queueDelete(queue)
        await connection.close()
    }
}

/// Runs alone (scripts/test.sh filters on the `Isolated` prefix), because it blocks a
/// thread of the cooperative pool for seconds, which would slow every test running
/// beside it.
@Suite("Heartbeats while the cooperative pool is busy", .serialized)
struct IsolatedHeartbeatTests {
    @Test func slowHandlerKeepsHeartbeatsFlowing() async throws {
        let connection = try await TestBroker.connect(heartbeatSeconds: 1)
        #expect(connection.heartbeatSeconds == 1)
        // Block a cooperative thread for three heartbeat intervals; the I/O threads keep
        // sending heartbeats, so the broker does not close the connection.
        let blocker = Task.detached {
            let end = ContinuousClock.now + .seconds(3.5)
            while ContinuousClock.now < end {}
        }
        await blocker.value
        try await Task.sleep(for: .milliseconds(500))
        #expect(connection.isOpen)
        let channel = try await connection.openChannel()
        #expect(channel.isOpen)
        await connection.close()
    }
}
