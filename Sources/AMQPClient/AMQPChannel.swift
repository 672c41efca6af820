public import AMQPWire

/// A handle to one AMQP channel of a connection.
///
/// Channels are cheap, multiplexed over the connection's socket. A channel closed by the
/// broker (for example with 404 or 406) stays closed: every later call on this handle
/// throws `channelClosed`, while the connection and its other channels keep working.
/// Open a new channel to go on.
public struct AMQPChannel: Sendable, Hashable {
    /// The channel number on the wire.
    public let id: UInt16
    let generation: UInt64
    /// The connection that carries this channel.
    public let connection: AMQPConnection

    init(id: UInt16, generation: UInt64, connection: AMQPConnection) {
        self.id = id
        self.generation = generation
        self.connection = connection
    }

    public static func == (lhs: AMQPChannel, rhs: AMQPChannel) -> Bool {
        lhs.id == rhs.id && lhs.generation == rhs.generation && lhs.connection === rhs.connection
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(generation)
    }

    /// Whether the channel is still open.
    public var isOpen: Bool {
        connection.core.withLock { core in
            guard let channel = core.channels[id], channel.generation == generation else { return false }
            if case .open = channel.lifecycle { return true }
            return false
        }
    }

    // MARK: - Exchanges

    /// Declares an exchange, or checks that it exists with `passive`.
    ///
    /// - Throws: `channelClosed` with reply code 406 when an exchange of that name exists
    ///   with other settings; the message names what was requested.
    public func exchangeDeclare(
        _ name: String,
        type: String,
        durable: Bool = true,
        autoDelete: Bool = false,
        internal: Bool = false,
        passive: Bool = false,
        arguments: AMQPFieldTable = [:]
    ) async throws(AMQPClientError) {
        let declare = AMQPMethod.Exchange.Declare(
            exchange: name,
            type: type,
            passive: passive,
            durable: durable,
            autoDelete: autoDelete,
            internal: `internal`,
            arguments: arguments
        )
        do {
            _ = try await call(.exchange(.declare(declare)), expecting: 40, [11])
        } catch {
            throw Self.describeConflict(error, "exchange '\(name)' (type \(type), durable \(durable), auto-delete \(autoDelete), internal \(`internal`), arguments \(Self.describe(arguments)))")
        }
        record { $0.recordExchange(declare) }
    }

    /// Deletes an exchange.
    public func exchangeDelete(_ name: String, ifUnused: Bool = false) async throws(AMQPClientError) {
        _ = try await call(.exchange(.delete(exchange: name, ifUnused: ifUnused, noWait: false)), expecting: 40, [21])
        record { $0.removeExchange(name) }
    }

    // MARK: - Queues

    /// Declares a queue; an empty name lets the broker choose one, returned in the result.
    ///
    /// - Throws: `channelClosed` with reply code 406 when a queue of that name exists with
    ///   other settings, or 405 when another connection owns it exclusively.
    @discardableResult
    public func queueDeclare(
        _ name: String = "",
        durable: Bool = true,
        exclusive: Bool = false,
        autoDelete: Bool = false,
        passive: Bool = false,
        arguments: AMQPFieldTable = [:]
    ) async throws(AMQPClientError) -> AMQPMethod.Queue.DeclareOk {
        let declare = AMQPMethod.Queue.Declare(
            queue: name,
            passive: passive,
            durable: durable,
            exclusive: exclusive,
            autoDelete: autoDelete,
            arguments: arguments
        )
        let response: RPCResponse
        do {
            response = try await call(.queue(.declare(declare)), expecting: 50, [11])
        } catch {
            throw Self.describeConflict(error, "queue '\(name)' (durable \(durable), exclusive \(exclusive), auto-delete \(autoDelete), arguments \(Self.describe(arguments)))")
        }
        guard case .method(.queue(.declareOk(let declareOk))) = response else {
            throw AMQPClientError(.protocolError, "unexpected response to queue.declare", channel: id)
        }
        record { $0.recordQueue(declare, actualName: declareOk.queue) }
        return declareOk
    }

    /// Binds a queue to an exchange with a routing key or pattern.
    public func queueBind(
        queue: String,
        exchange: String,
        routingKey: String,
        arguments: AMQPFieldTable = [:]
    ) async throws(AMQPClientError) {
        let bind = AMQPMethod.Queue.Bind(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments)
        _ = try await call(.queue(.bind(bind)), expecting: 50, [21])
        record { $0.recordBinding(bind) }
    }

    /// Removes a binding.
    public func queueUnbind(
        queue: String,
        exchange: String,
        routingKey: String,
        arguments: AMQPFieldTable = [:]
    ) async throws(AMQPClientError) {
        let bind = AMQPMethod.Queue.Bind(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments)
        _ = try await call(.queue(.unbind(bind)), expecting: 50, [51])
        record { $0.removeBinding(bind) }
    }

    /// Deletes every ready message of a queue and returns how many there were.
    @discardableResult
    public func queuePurge(_ name: String) async throws(AMQPClientError) -> UInt32 {
        let response = try await call(.queue(.purge(queue: name, noWait: false)), expecting: 50, [31])
        guard case .method(.queue(.purgeOk(let count))) = response else { return 0 }
        return count
    }

    /// Deletes a queue and returns how many messages it held.
    @discardableResult
    public func queueDelete(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws(AMQPClientError) -> UInt32 {
        let delete = AMQPMethod.Queue.Delete(queue: name, ifUnused: ifUnused, ifEmpty: ifEmpty)
        let response = try await call(.queue(.delete(delete)), expecting: 50, [41])
        record { $0.removeQueue(name) }
        guard case .method(.queue(.deleteOk(let count))) = response else { return 0 }
        return count
    }

    // MARK: - Channel settings

    /// Limits how many unacknowledged messages the broker sends to each consumer of this
    /// channel (RabbitMQ applies `prefetchCount` per consumer unless `global` is set).
    public func basicQos(prefetchCount: UInt16, prefetchSize: UInt32 = 0, global: Bool = false) async throws(AMQPClientError) {
        _ = try await call(.basic(.qos(prefetchSize: prefetchSize, prefetchCount: prefetchCount, global: global)), expecting: 60, [11])
        connection.core.withLock { core in
            if core.channels[id]?.generation == generation {
                core.channels[id]?.prefetch = (prefetchSize, prefetchCount, global)
            }
        }
    }

    /// Puts the channel in confirm mode: the broker acknowledges every later publish, and
    /// ``basicPublish(exchange:routingKey:body:properties:mandatory:timeout:)`` waits for it.
    public func confirmSelect() async throws(AMQPClientError) {
        _ = try await call(.confirm(.select(noWait: false)), expecting: 85, [11])
    }

    /// Closes the channel: sends `channel.close` and waits for `close-ok`. Pending
    /// requests fail with `channelClosed`; unacknowledged deliveries return to their queues.
    public func close() async {
        var effects: [Effect] = []
        connection.core.withLock { core in
            guard let channel = core.channels[id], channel.generation == generation else { return }
            let closed = AMQPClientError(.channelClosed, "the channel was closed", channel: id)
            switch channel.lifecycle {
            case .open, .opening:
                channel.lifecycle = .closing
                core.channels[id] = channel
                let close = AMQPMethod.Connection.Close(replyCode: 200, replyText: "closed by the application")
                if (try? core.send(.method(channel: id, .channel(.close(close))))) != true {
                    // No session: forget the channel at once instead of waiting for close-ok.
                    core.channels[id]?.failAll(closed, effects: &effects)
                    core.channels[id] = nil
                }
            case .recovering:
                core.channels[id]?.failAll(closed, effects: &effects)
                core.channels[id] = nil
            case .closing:
                break
            }
        }
        connection.run(effects)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = connection.core.withLock { core -> Bool in
                guard core.channels[id]?.generation == generation else { return true }
                core.channels[id]?.closeWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        connection.logger.debug("channel closed", metadata: [LogKey.channel: "\(id)"])
    }

    /// Messages the broker returned as unroutable, on this channel, from now on.
    public func returnedMessages() -> AsyncStream<AMQPReturnedMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: AMQPReturnedMessage.self)
        let installed = connection.core.withLock { core -> Bool in
            guard core.channels[id]?.generation == generation else { return false }
            core.channels[id]?.returns = continuation
            return true
        }
        if !installed { continuation.finish() }
        return stream
    }

    // MARK: - Requests

    /// Sends a synchronous method and waits for its response.
    ///
    /// With `waitForRecovery`, a call made while the connection recovers waits for it (up
    /// to the connection timeout); recovery itself passes `false` to use the channel
    /// before it is marked open again.
    func call(
        _ method: AMQPMethod,
        expecting classID: UInt16,
        _ methodIDs: [UInt16],
        consumer: DeliveryContinuation? = nil,
        consumerRecord: ChannelCore.ConsumerRecord? = nil,
        waitForRecovery: Bool = true
    ) async throws(AMQPClientError) -> RPCResponse {
        if waitForRecovery {
            try await connection.waitUntilReady(deadline: connection.defaultDeadline(), requiresUnblocked: false)
        }
        let requestID = connection.requestIDs.add(1, ordering: .relaxed).oldValue
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: RPCContinuation) in
                let failure = connection.core.withLock { core -> AMQPClientError? in
                    guard let channel = core.channels[id], channel.generation == generation else {
                        return core.closeReason ?? AMQPClientError(.channelClosed, "channel \(id) is closed; open a new channel", channel: id)
                    }
                    switch channel.lifecycle {
                    case .closing:
                        return AMQPClientError(.channelClosed, "channel \(id) is closing", channel: id)
                    case .recovering where waitForRecovery:
                        return AMQPClientError(.connectionClosed, "the connection was lost again; \(method.name) was not sent", channel: id)
                    case .open, .opening, .recovering:
                        break
                    }
                    do throws(AMQPWireError) {
                        guard try core.send(.method(channel: id, method)) else {
                            return core.closeReason ?? AMQPClientError(.connectionClosed, "the connection is not open; \(method.name) was not sent", channel: id)
                        }
                    } catch {
                        return AMQPClientError(.invalidArgument, "\(method.name) cannot be encoded: \(error.message)", channel: id)
                    }
                    core.channels[id]?.rpcs.append(PendingRPC(
                        id: requestID,
                        request: method.name,
                        responseClassID: classID,
                        responseMethodIDs: methodIDs,
                        continuation: continuation,
                        consumer: consumer,
                        consumerRecord: consumerRecord
                    ))
                    return nil
                }
                if let failure {
                    continuation.resume(returning: .failure(failure))
                }
            }
        } onCancel: {
            let continuation = connection.core.withLock { core -> RPCContinuation? in
                guard let index = core.channels[id]?.rpcs.firstIndex(where: { $0.id == requestID }) else { return nil }
                let continuation = core.channels[id]?.rpcs[index].continuation
                core.channels[id]?.rpcs[index].continuation = nil
                return continuation
            }
            continuation?.resume(returning: .failure(AMQPClientError(.cancelled, "\(method.name) was cancelled", channel: id)))
        }
        return try result.get()
    }

    /// Updates the connection's record of declared topology, for recovery.
    func record(_ update: (inout TopologyRecord) -> Void) {
        connection.core.withLock { update(&$0.topology) }
    }

    private static func describeConflict(_ error: AMQPClientError, _ requested: String) -> AMQPClientError {
        guard error.code == .channelClosed, error.replyCode == 406 || error.replyCode == 405 else { return error }
        var described = error
        described.message = "declaring \(requested) failed; the broker's existing declaration differs or is locked"
        return described
    }

    static func describe(_ arguments: AMQPFieldTable) -> String {
        guard !arguments.isEmpty else { return "none" }
        return arguments.map { "\($0.key)" }.joined(separator: ", ")
    }
}
