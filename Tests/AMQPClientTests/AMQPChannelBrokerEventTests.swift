import AMQPWire
import Synchronization
import Testing

@testable import AMQPClient

/// Channel-level events from a scripted broker: publisher confirms, a channel closed
/// with 404, and a consumer cancelled by the broker.
@Suite("AMQPChannel broker events")
struct AMQPChannelBrokerEventTests {
    @Test func ackMultipleSettlesConcurrentPublishes() async throws {
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("confirm.select", channel: channel)
            try session.send(.method(channel: channel, .confirm(.selectOk)))
            for _ in 1...3 {
                try session.expect("basic.publish", channel: channel)
                _ = try session.expectContent(channel: channel)
            }
            // One ack covers all three; the repeat must settle nothing a second time.
            try session.send([
                .method(channel: channel, .basic(.ack(deliveryTag: 3, multiple: true))),
                .method(channel: channel, .basic(.ack(deliveryTag: 3, multiple: true))),
            ])
            try session.expect("basic.publish", channel: channel)
            _ = try session.expectContent(channel: channel)
            try session.send(.method(channel: channel, .basic(.nack(deliveryTag: 4, multiple: false, requeue: false))))
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let channel = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            try await channel.confirmSelect()
            return channel
        }

        let outcomes = try await withTimeLimit(.seconds(5)) {
            try await withThrowingTaskGroup(of: PublishConfirmation.self) { group in
                for index in 1...3 {
                    group.addTask {
                        try await channel.basicPublish(
                            exchange: "events",
                            routingKey: "order.created",
                            body: Array("message \(index)".utf8),
                            timeout: .seconds(5)
                        )
                    }
                }
                var outcomes: [PublishConfirmation] = []
                for try await outcome in group {
                    outcomes.append(outcome)
                }
                return outcomes
            }
        }
        #expect(outcomes == [.acked, .acked, .acked])

        let fourth = try await withTimeLimit(.seconds(5)) {
            try await channel.basicPublish(exchange: "events", routingKey: "order.created", body: [1], timeout: .seconds(5))
        }
        #expect(fourth == .nacked)

        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
    }

    @Test func mandatoryReturnSettlesPublishAsReturned() async throws {
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("confirm.select", channel: channel)
            try session.send(.method(channel: channel, .confirm(.selectOk)))
            try session.expect("basic.publish", channel: channel)
            let (header, _) = try session.expectContent(channel: channel)
            // RabbitMQ sends basic.return before the basic.ack of the same message.
            let returned = AMQPMethod.Basic.Return(
                replyCode: 312,
                replyText: "NO_ROUTE",
                exchange: "events",
                routingKey: "nobody.listens"
            )
            try session.sendContent(channel: channel, .basic(.return(returned)), properties: header.properties, body: [1, 2, 3])
            try session.send(.method(channel: channel, .basic(.ack(deliveryTag: 1, multiple: false))))
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let outcome = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            try await channel.confirmSelect()
            return try await channel.basicPublish(
                exchange: "events",
                routingKey: "nobody.listens",
                body: [1, 2, 3],
                properties: AMQPBasicProperties(messageID: "m-1"),
                mandatory: true,
                timeout: .seconds(5)
            )
        }
        guard case .returned(let message) = outcome else {
            Issue.record("expected a returned outcome, got \(outcome)")
            return
        }
        #expect(message.replyCode == 312)
        #expect(message.routingKey == "nobody.listens")
        #expect(message.properties.messageID == "m-1")
        #expect(message.bodySize == 3)

        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
    }

    @Test func channelCloseFailsRequestAndKeepsConnection() async throws {
        let broker = try ScriptedBroker { session in
            let first = try session.acceptChannelOpen()
            let second = try session.acceptChannelOpen()
            try session.expect("queue.declare", channel: first)
            try session.send(.method(channel: first, .channel(.close(.init(
                replyCode: 404,
                replyText: "NOT_FOUND - no queue 'missing' in vhost '/'",
                classID: 50,
                methodID: 10
            )))))
            try session.expect("channel.close-ok", channel: first)
            let (_, method) = try session.expect("queue.declare", channel: second)
            guard case .queue(.declare(let declare)) = method else {
                throw ScriptFailure("expected queue.declare, received \(method.name)")
            }
            try session.send(.method(channel: second, .queue(.declareOk(.init(
                queue: declare.queue,
                messageCount: 0,
                consumerCount: 0
            )))))
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let (first, second) = try await withTimeLimit(.seconds(5)) {
            (try await connection.openChannel(), try await connection.openChannel())
        }

        do {
            try await withTimeLimit(.seconds(5)) {
                try await first.queueDeclare("missing", passive: true)
            }
            Issue.record("queue.declare succeeded although the broker closed the channel")
        } catch let error as AMQPClientError {
            #expect(error.code == .channelClosed)
            #expect(error.replyCode == 404)
            #expect(error.causingMethod == "queue.declare")
            #expect(error.channel == first.id)
        }
        #expect(!first.isOpen)
        #expect(second.isOpen)
        #expect(connection.isOpen)

        let declareOk = try await withTimeLimit(.seconds(5)) {
            try await second.queueDeclare("present")
        }
        #expect(declareOk.queue == "present")

        // The closed channel stays closed and sends nothing.
        do {
            try await withTimeLimit(.seconds(5)) {
                try await first.queueDeclare("missing", passive: true)
            }
            Issue.record("a request on a closed channel succeeded")
        } catch let error as AMQPClientError {
            #expect(error.code == .channelClosed)
        }

        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
    }

    @Test func brokerCancelEndsConsumerSequence() async throws {
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("basic.consume", channel: channel)
            try session.send(.method(channel: channel, .basic(.consumeOk(consumerTag: "ctag-7"))))
            try session.send(.method(channel: channel, .basic(.cancel(consumerTag: "ctag-7", noWait: false))))
            let (_, method) = try session.expect("basic.cancel-ok", channel: channel)
            guard case .basic(.cancelOk(consumerTag: "ctag-7")) = method else {
                throw ScriptFailure("cancel-ok names the wrong consumer: \(method)")
            }
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let (received, failure) = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            let consumer = try await channel.basicConsume(queue: "orders")
            var received = 0
            do {
                for try await _ in consumer {
                    received += 1
                }
                return (received, AMQPClientError?.none)
            } catch let error as AMQPClientError {
                return (received, error)
            }
        }
        #expect(received == 0)
        #expect(failure?.code == .consumerCancelled)
        #expect(connection.isOpen)

        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
    }
}
