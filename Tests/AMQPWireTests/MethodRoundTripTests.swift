import AMQPWire
import Testing

/// Every method of the six supported classes survives encode and decode, with bit fields
/// set in different combinations so that a swapped bit shows.
@Suite("Method round trips")
struct MethodRoundTripTests {
    static let arguments: AMQPFieldTable = ["x-message-ttl": .int32(60_000), "x-flags": .array([.boolean(true)])]

    static let connectionMethods: [AMQPMethod.Connection] = [
        .start(.init(serverProperties: ["product": .string("RabbitMQ")], mechanisms: Array("PLAIN".utf8), locales: Array("en_US".utf8))),
        .startOk(.init(clientProperties: ["product": .string("bb")], mechanism: "PLAIN", response: [0, 0x61, 0, 0x62], locale: "en_US")),
        .secure(challenge: [1, 2, 3]),
        .secureOk(response: [4, 5]),
        .tune(.init(channelMax: 1, frameMax: 2, heartbeat: 3)),
        .tuneOk(.init(channelMax: 65535, frameMax: .max, heartbeat: 65535)),
        .open(.init(virtualHost: "/staging")),
        .openOk,
        .close(.init(replyCode: 320, replyText: "CONNECTION_FORCED", classID: 10, methodID: 50)),
        .closeOk,
        .blocked(reason: "low on disk"),
        .unblocked,
        .updateSecret(newSecret: Array("token".utf8), reason: "refresh"),
        .updateSecretOk,
    ]

    static let channelMethods: [AMQPMethod.Channel] = [
        .open, .openOk, .flow(active: true), .flow(active: false), .flowOk(active: true),
        .close(.init(replyCode: 406, replyText: "PRECONDITION_FAILED", classID: 40, methodID: 10)),
        .closeOk,
    ]

    static let exchangeMethods: [AMQPMethod.Exchange] = [
        .declare(.init(exchange: "e", type: "topic", passive: true, internal: true, arguments: arguments)),
        .declare(.init(exchange: "e", type: "fanout", durable: true, autoDelete: true, noWait: true)),
        .declareOk,
        .delete(exchange: "e", ifUnused: true, noWait: false),
        .delete(exchange: "e", ifUnused: false, noWait: true),
        .deleteOk,
        .bind(.init(destination: "d", source: "s", routingKey: "a.*", noWait: true, arguments: arguments)),
        .bindOk,
        .unbind(.init(destination: "d", source: "s", routingKey: "a.#", arguments: arguments)),
        .unbindOk,
    ]

    static let queueMethods: [AMQPMethod.Queue] = [
        .declare(.init(queue: "q", passive: true, exclusive: true, noWait: true, arguments: arguments)),
        .declare(.init(queue: "", durable: true, autoDelete: true)),
        .declareOk(.init(queue: "amq.gen-1", messageCount: .max, consumerCount: 3)),
        .bind(.init(queue: "q", exchange: "e", routingKey: "k", noWait: true, arguments: arguments)),
        .bindOk,
        .purge(queue: "q", noWait: true),
        .purgeOk(messageCount: 9),
        .delete(.init(queue: "q", ifEmpty: true)),
        .delete(.init(queue: "q", ifUnused: true, noWait: true)),
        .deleteOk(messageCount: 1),
        .unbind(.init(queue: "q", exchange: "e", routingKey: "k", arguments: arguments)),
        .unbindOk,
    ]

    static let basicMethods: [AMQPMethod.Basic] = [
        .qos(prefetchSize: 65536, prefetchCount: 250, global: true),
        .qosOk,
        .consume(.init(queue: "q", consumerTag: "t", noLocal: true, exclusive: true, arguments: arguments)),
        .consume(.init(queue: "q", noAck: true, noWait: true)),
        .consumeOk(consumerTag: "t"),
        .cancel(consumerTag: "t", noWait: true),
        .cancelOk(consumerTag: "t"),
        .publish(.init(exchange: "e", routingKey: "k", mandatory: false, immediate: true)),
        .return(.init(replyCode: 313, replyText: "NO_CONSUMERS", exchange: "e", routingKey: "k")),
        .deliver(.init(consumerTag: "t", deliveryTag: .max, redelivered: true, exchange: "e", routingKey: "k")),
        .get(queue: "q", noAck: false),
        .getOk(.init(deliveryTag: 2, redelivered: false, exchange: "", routingKey: "q", messageCount: 0)),
        .getEmpty,
        .ack(deliveryTag: 3, multiple: false),
        .reject(deliveryTag: 4, requeue: true),
        .recoverAsync(requeue: true),
        .recover(requeue: false),
        .recoverOk,
        .nack(deliveryTag: 5, multiple: true, requeue: false),
        .nack(deliveryTag: 6, multiple: true, requeue: true),
    ]

    static let confirmMethods: [AMQPMethod.Confirm] = [.select(noWait: true), .select(noWait: false), .selectOk]

    static let allMethods: [AMQPMethod] =
        connectionMethods.map(AMQPMethod.connection) + channelMethods.map(AMQPMethod.channel)
        + exchangeMethods.map(AMQPMethod.exchange) + queueMethods.map(AMQPMethod.queue)
        + basicMethods.map(AMQPMethod.basic) + confirmMethods.map(AMQPMethod.confirm)

    @Test(arguments: allMethods)
    func methodFrameRoundTrips(_ method: AMQPMethod) throws {
        #expect(try roundTrip(method) == .method(channel: 1, method))
    }

    @Test(arguments: allMethods)
    func payloadRoundTrips(_ method: AMQPMethod) throws {
        var payload: [UInt8] = []
        try method.encode(into: &payload)
        #expect(try AMQPMethod.decode(payload: payload[...]) == method)
    }

    @Test(arguments: allMethods)
    func argumentsDecodeWithoutIDs(_ method: AMQPMethod) throws {
        var payload: [UInt8] = []
        try method.encode(into: &payload)
        let decoded = try AMQPMethod.decode(classID: method.classID, methodID: method.methodID, arguments: payload[4...])
        #expect(decoded == method)
    }

    @Test func everyMethodIDIsCovered() {
        // 14 connection, 6 channel, 8 exchange, 10 queue, 18 basic and 2 confirm methods.
        let pairs = Set(Self.allMethods.map { [$0.classID, $0.methodID] })
        #expect(pairs.count == 58)
    }

    @Test func queueUnbindDropsNoWait() throws {
        // queue.unbind has no nowait field, so a set noWait cannot survive the wire.
        let method = AMQPMethod.queue(.unbind(.init(queue: "q", exchange: "e", routingKey: "k", noWait: true)))
        let expected = AMQPMethod.queue(.unbind(.init(queue: "q", exchange: "e", routingKey: "k", noWait: false)))
        #expect(try roundTrip(method) == .method(channel: 1, expected))
    }
}
