import AMQPWire
import Testing

@testable import AMQPClient

/// Message content split into frames, in both directions, against a scripted broker
/// whose `frame-max` is 4096.
@Suite("AMQPChannel content frames")
struct AMQPChannelContentTests {
    @Test func emptyDeliveryArrivesWithoutBodyFrame() async throws {
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("basic.consume", channel: channel)
            try session.send(.method(channel: channel, .basic(.consumeOk(consumerTag: "ctag-1"))))
            let deliver = AMQPMethod.Basic.Deliver(
                consumerTag: "ctag-1",
                deliveryTag: 1,
                redelivered: false,
                exchange: "events",
                routingKey: "order.created"
            )
            // A header with body size 0 and no body frame, then a second message right after.
            try session.sendContent(channel: channel, .basic(.deliver(deliver)), properties: .init(messageID: "m-1"), body: [])
            var second = deliver
            second.deliveryTag = 2
            try session.sendContent(channel: channel, .basic(.deliver(second)), body: Array("after".utf8))
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let (first, second) = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            let consumer = try await channel.basicConsume(queue: "orders", noAck: true)
            var iterator = consumer.makeAsyncIterator()
            let first = try await iterator.next()
            let second = try await iterator.next()
            return (first, second)
        }
        #expect(first?.body == [])
        #expect(first?.deliveryTag == 1)
        #expect(first?.consumerTag == "ctag-1")
        #expect(first?.routingKey == "order.created")
        #expect(first?.properties.messageID == "m-1")
        #expect(second?.deliveryTag == 2)
        #expect(second?.body == Array("after".utf8))

        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
    }

    @Test func largeDeliveryIsReassembled() async throws {
        let body = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("basic.consume", channel: channel)
            try session.send(.method(channel: channel, .basic(.consumeOk(consumerTag: "ctag-1"))))
            let deliver = AMQPMethod.Basic.Deliver(
                consumerTag: "ctag-1",
                deliveryTag: 1,
                redelivered: true,
                exchange: "events",
                routingKey: "order.created"
            )
            try session.sendContent(channel: channel, .basic(.deliver(deliver)), body: body)
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let message = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            let consumer = try await channel.basicConsume(queue: "orders", noAck: true)
            var iterator = consumer.makeAsyncIterator()
            return try await iterator.next()
        }
        #expect(message?.body == body)
        #expect(message?.redelivered == true)

        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
    }

    /// 3 × (4096 − 8) + 1 bytes fill three body frames and leave 1 byte for a fourth.
    @Test func publishSplitsBodyAtFrameMax() async throws {
        let chunk = 4096 - 8
        let body = (0..<(3 * chunk + 1)).map { UInt8(truncatingIfNeeded: $0) }
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("basic.publish", channel: channel)
            let (header, bodyFrames) = try session.expectContent(channel: channel)
            session.mark("published")
            guard header.bodySize == UInt64(body.count) else {
                throw ScriptFailure("the content header announced \(header.bodySize) bytes")
            }
            guard bodyFrames.count == 4 else {
                throw ScriptFailure("the body arrived in \(bodyFrames.count) frames, expected 4")
            }
            // Nothing else may follow the body before the client's close.
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        #expect(connection.frameMax == 4096)
        let outcome = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            return try await channel.basicPublish(exchange: "events", routingKey: "order.created", body: body)
        }
        #expect(outcome == .sent)
        #expect(await broker.waitForMark("published"))
        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()

        let bodyFrames: [[UInt8]] = broker.receivedFrames.compactMap { frame in
            guard case .body(_, let bytes) = frame else { return nil }
            return bytes
        }
        #expect(bodyFrames.map(\.count) == [chunk, chunk, chunk, 1])
        #expect(Array(bodyFrames.joined()) == body)
    }

    @Test func emptyPublishSendsNoBodyFrame() async throws {
        let broker = try ScriptedBroker { session in
            let channel = try session.acceptChannelOpen()
            try session.expect("basic.publish", channel: channel)
            let (header, bodyFrames) = try session.expectContent(channel: channel)
            guard header.bodySize == 0, bodyFrames.isEmpty else {
                throw ScriptFailure("an empty publish announced \(header.bodySize) bytes in \(bodyFrames.count) body frames")
            }
            session.mark("published")
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        _ = try await withTimeLimit(.seconds(5)) {
            let channel = try await connection.openChannel()
            return try await channel.basicPublish(exchange: "events", routingKey: "order.created", body: [])
        }
        #expect(await broker.waitForMark("published"))
        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
        #expect(!broker.receivedFrames.contains { if case .body = $0 { true } else { false } })
    }
}
