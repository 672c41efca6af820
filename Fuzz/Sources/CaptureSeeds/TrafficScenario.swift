import AMQPClient
import AMQPWire

/// The conversation recorded for the seed corpus: one connection that uses every kind of
/// frame a Bloodbank client exchanges with RabbitMQ.
///
/// It covers:
/// - the handshake: start with the broker's real server properties, tune, open;
/// - channel open and close, and a channel that the broker closes with 404;
/// - exchange and queue declare, bind, unbind and delete, qos, confirm mode;
/// - consume and cancel, and `basic.get` on an empty and on a non-empty queue;
/// - publishes with every property set and every field table type in the headers, with a
///   body split over several frames and with an empty body;
/// - a mandatory publish that comes back as `basic.return`;
/// - ack with `multiple`, reject and nack;
/// - heartbeats and the connection close.
enum TrafficScenario {
    /// A `frame-max` small enough that the large body below spans three body frames.
    static let frameMax: UInt32 = 4096

    static func run(_ configuration: AMQPConfiguration) async throws {
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        try await channel.confirmSelect()

        let exchange = "fuzz.capture.\(UInt32.random(in: 0...UInt32.max))"
        try await channel.exchangeDeclare(exchange, type: "topic", durable: false, autoDelete: true)
        let queue = try await channel.queueDeclare(
            "",
            durable: false,
            exclusive: true,
            autoDelete: false,
            arguments: ["x-message-ttl": .int32(60_000), "x-max-length": .int64(1_000)]
        ).queue
        try await channel.queueBind(queue: queue, exchange: exchange, routingKey: "seed.#")
        try await channel.basicQos(prefetchCount: 10)
        let consumer = try await channel.basicConsume(
            queue: queue,
            consumerTag: "fuzz-seed-consumer",
            arguments: ["x-priority": .int32(5)]
        )

        let bodies: [[UInt8]] = [
            Array(envelopeJSON.utf8),
            Array(repeating: UInt8(ascii: "x"), count: 10_000),
            [],
        ]
        for (index, body) in bodies.enumerated() {
            let outcome = try await channel.basicPublish(
                exchange: exchange,
                routingKey: "seed.event.\(index)",
                body: body,
                properties: fullProperties(userID: configuration.username, index: index),
                mandatory: true,
                timeout: .seconds(5)
            )
            guard outcome == .acked else { throw CaptureError("publish \(index) ended with \(outcome), expected acked") }
        }
        let returned = try await channel.basicPublish(
            exchange: exchange,
            routingKey: "unroutable.key",
            body: Array(#"{"unroutable":true}"#.utf8),
            properties: AMQPBasicProperties(contentType: "application/json", deliveryMode: 1),
            mandatory: true,
            timeout: .seconds(5)
        )
        guard case .returned = returned else { throw CaptureError("the unroutable publish ended with \(returned), expected returned") }

        var lastDeliveryTag: UInt64 = 0
        var received = 0
        for try await message in consumer {
            lastDeliveryTag = message.deliveryTag
            received += 1
            if received == bodies.count { break }
        }
        try channel.basicAck(deliveryTag: lastDeliveryTag, multiple: true)
        try await consumer.cancel()

        guard try await channel.basicGet(queue: queue) == nil else { throw CaptureError("the queue should be empty") }
        try await channel.basicPublish(exchange: exchange, routingKey: "seed.get", body: Array("get me".utf8), timeout: .seconds(5))
        guard let first = try await channel.basicGet(queue: queue) else { throw CaptureError("basic.get found no message") }
        try await first.reject(requeue: true)
        guard let again = try await channel.basicGet(queue: queue) else { throw CaptureError("basic.get found no requeued message") }
        try await again.nack(requeue: false)

        try await channel.queuePurge(queue)
        try await channel.queueUnbind(queue: queue, exchange: exchange, routingKey: "seed.#")
        try await channel.queueDelete(queue)
        try await channel.exchangeDelete(exchange)
        await channel.close()

        // A passive declare of a missing exchange makes the broker close the channel with 404.
        let doomed = try await connection.openChannel()
        do {
            try await doomed.exchangeDeclare("fuzz.capture.missing", type: "topic", passive: true)
            throw CaptureError("the passive declare of a missing exchange succeeded")
        } catch let error as AMQPClientError {
            guard error.code == .channelClosed else { throw error }
        }

        // With a 1-second heartbeat, both sides send heartbeat frames meanwhile.
        try await Task.sleep(for: .milliseconds(2_500))
        await connection.close()
    }

    /// Properties with every field set and a headers table that uses every type tag.
    static func fullProperties(userID: String, index: Int) -> AMQPBasicProperties {
        let headers: AMQPFieldTable = [
            "bool": .boolean(true),
            "i8": .int8(-2),
            "u8": .uint8(255),
            "i16": .int16(-2),
            "u16": .uint16(65_535),
            "i32": .int32(-2),
            "u32": .uint32(4_294_967_295),
            "i64": .int64(-2),
            "f32": .float(1.5),
            "f64": .double(-0.25),
            "dec": .decimal(scale: 2, value: 1_234),
            "str": .string("fireflies.transcript.ready"),
            "arr": .array([.int8(1), .string("two"), .array([.void]), .table(["k": .boolean(false)])]),
            "ts": .timestamp(1_766_000_000),
            "tbl": .table(["nested": .table(["deeper": .int64(7)])]),
            "void": .void,
            "bin": .byteArray([0, 1, 2, 0xCE, 0xFF]),
            "x-retry-count": .int32(Int32(index)),
        ]
        return AMQPBasicProperties(
            contentType: "application/json",
            contentEncoding: "utf-8",
            headers: headers,
            deliveryMode: 2,
            priority: 1,
            correlationID: "0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69",
            replyTo: "bloodbank.replies.capture",
            expiration: "60000",
            messageID: "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a3\(index)",
            timestamp: 1_766_000_000,
            type: "fireflies.transcript.ready",
            userID: userID,
            appID: "bloodbank-fuzz-capture",
            clusterID: "c1"
        )
    }

    /// An event envelope as the bus sends it.
    static let envelopeJSON = """
        {"event_id":"3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34","event_type":"fireflies.transcript.ready",\
        "timestamp":"2025-12-17T14:30:00.123456Z","version":"1.0.0",\
        "source":{"host":"workstation-01","type":"webhook","app":"fireflies","meta":{}},\
        "correlation_ids":["0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"],"agent_context":null,\
        "payload":{"meeting_id":"abc123","title":"Weekly sync","duration_seconds":1800}}
        """
}
