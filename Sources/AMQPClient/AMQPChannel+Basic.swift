public import AMQPWire
import Synchronization

extension AMQPChannel {
    /// Publishes a message and, on a channel in confirm mode, waits until the broker
    /// settles it.
    ///
    /// Many tasks may publish on one channel at once: their confirms are pipelined, and
    /// each call returns its own outcome. Without confirm mode the call returns `.sent`
    /// once the frames are queued for the socket, waiting first while more than 1 MiB is
    /// queued.
    ///
    /// - Parameters:
    ///   - mandatory: Ask the broker to return the message when no queue matches; the
    ///     outcome is then ``PublishConfirmation/returned(_:)``.
    ///   - timeout: How long to wait for the confirm; `nil` waits until the channel closes.
    /// - Throws: `timedOut` when the deadline passes (the message may still have been
    ///   delivered), `channelClosed` or `connectionClosed` when the channel ends first,
    ///   `invalidArgument` for a routing key over 255 bytes.
    @discardableResult
    public func basicPublish(
        exchange: String,
        routingKey: String,
        body: [UInt8],
        properties: AMQPBasicProperties = AMQPBasicProperties(),
        mandatory: Bool = false,
        timeout: Duration? = nil
    ) async throws(AMQPClientError) -> PublishConfirmation {
        // One async level from here to the confirm: every level's frame is allocated for
        // each publishing task, which with many tasks showed in memory and CPU profiles.
        var frames = try encodePublish(exchange: exchange, routingKey: routingKey, body: body, properties: properties, mandatory: mandatory)
        let returnKey = mandatory
            ? ConfirmTracker<ConfirmContinuation>.ReturnKey(exchange: exchange, routingKey: routingKey, messageID: properties.messageID)
            : nil
        let deadline = timeout.map { MonotonicClock.nanoseconds() &+ max($0.nanoseconds, 1) } ?? 0
        let requestID = connection.requestIDs.add(1, ordering: .relaxed).oldValue
        while true {
            let signal = await withTaskCancellationHandler {
                await withUnsafeContinuation { (continuation: ConfirmContinuation) in
                    startPublish(&frames, returnKey: returnKey, deadline: deadline, requestID: requestID, continuation: continuation)
                }
            } onCancel: {
                cancelPublish(requestID: requestID)
            }
            switch signal {
            case .acked:
                return .acked
            case .nacked:
                return .nacked
            case .returned(let box):
                return .returned(box.message)
            case .sent(let draining):
                if let draining {
                    await draining.writer.waitForDrain()
                }
                return .sent
            case .notWritten:
                // Publishes wait for recovery and for the broker to lift a block, up to their deadline.
                let waitDeadline = timeout.map { ContinuousClock.now + $0 } ?? connection.defaultDeadline()
                try await connection.waitUntilReady(deadline: waitDeadline, requiresUnblocked: true)
            case .failed(let box):
                throw box.error
            }
        }
    }

    private func encodePublish(
        exchange: String,
        routingKey: String,
        body: [UInt8],
        properties: AMQPBasicProperties,
        mandatory: Bool
    ) throws(AMQPClientError) -> [UInt8] {
        var frames: [UInt8] = []
        frames.reserveCapacity(body.count + 256)
        do {
            try AMQPFrameEncoder.appendPublish(
                channel: id,
                AMQPMethod.Basic.Publish(exchange: exchange, routingKey: routingKey, mandatory: mandatory),
                properties: properties,
                body: body,
                frameMax: connection.frameMax,
                to: &frames
            )
        } catch {
            throw AMQPClientError(.invalidArgument, "the message cannot be encoded: \(error.message)", channel: id)
        }
        return frames
    }

    /// Writes the publish if the connection is ready and, in confirm mode, registers
    /// `continuation` for its confirm; otherwise resumes it at once. One lock covers the
    /// checks, the write and the registration, so sequence numbers follow the order in
    /// which publishes reach the socket. Written frames are released, because a publish
    /// is written only once.
    private func startPublish(
        _ frames: inout [UInt8],
        returnKey: ConfirmTracker<ConfirmContinuation>.ReturnKey?,
        deadline: UInt64,
        requestID: UInt64,
        continuation: ConfirmContinuation
    ) {
        var queuedOn: Session?
        let immediate = connection.core.withLock { core -> ConfirmSignal? in
            guard let channel = core.channels[id], channel.generation == generation else {
                return .failed(ErrorBox(closedError(core)))
            }
            guard core.phase == .open, core.blockedReason == nil, let session = core.session else {
                return .notWritten
            }
            switch channel.lifecycle {
            case .recovering:
                return .notWritten
            case .closing:
                return .failed(ErrorBox(AMQPClientError(.channelClosed, "channel \(id) is closing", channel: id)))
            case .open, .opening:
                break
            }
            guard session.writer.enqueue(frames, wakingWriter: false) else { return .notWritten }
            queuedOn = session
            guard channel.confirms != nil else {
                return .sent(nil)
            }
            _ = channel.confirms!.register(continuation, deadline: deadline, returnKey: returnKey, requestID: requestID)
            return nil
        }
        guard let session = queuedOn else {
            continuation.resume(returning: immediate ?? .notWritten)
            return
        }
        frames = []
        // Sent outside the connection's lock, so that the reader is not held up.
        let isAboveHighWatermark = session.writer.flush()
        if let immediate {
            if case .sent = immediate, isAboveHighWatermark {
                continuation.resume(returning: .sent(session))
            } else {
                continuation.resume(returning: immediate)
            }
        }
    }

    /// Withdraws a cancelled publish's confirm registration and fails it.
    private func cancelPublish(requestID: UInt64) {
        let entry = connection.core.withLock { core in
            core.channels[id]?.confirms?.remove(requestID: requestID)
        }
        entry?.waiter.resume(returning: .failed(ErrorBox(AMQPClientError(
            .cancelled,
            "the publish was cancelled before the broker confirmed it; it may or may not have been delivered",
            channel: id
        ))))
    }

    private func closedError(_ core: ConnectionCore) -> AMQPClientError {
        if let reason = core.closeReason { return reason }
        return AMQPClientError(.channelClosed, "channel \(id) is closed; open a new channel", channel: id)
    }

    // MARK: - Consuming

    /// Starts a consumer on `queue` and returns its deliveries as an async sequence.
    ///
    /// The sequence ends normally after ``basicCancel(consumerTag:)``, and with an error
    /// when the broker cancels the consumer (`consumerCancelled`, for example because the
    /// queue was deleted) or the channel closes.
    public func basicConsume(
        queue: String,
        consumerTag: String = "",
        noAck: Bool = false,
        exclusive: Bool = false,
        arguments: AMQPFieldTable = [:]
    ) async throws(AMQPClientError) -> AMQPConsumer {
        let deliveries = DeliveryQueue<AMQPMessage>()
        let consume = AMQPMethod.Basic.Consume(
            queue: queue,
            consumerTag: consumerTag,
            noAck: noAck,
            exclusive: exclusive,
            arguments: arguments
        )
        let response: RPCResponse
        do {
            response = try await call(
                .basic(.consume(consume)),
                expecting: 60,
                [21],
                consumer: deliveries,
                consumerRecord: ChannelCore.ConsumerRecord(queue: queue, noAck: noAck, exclusive: exclusive, arguments: arguments)
            )
        } catch {
            deliveries.finish(throwing: error)
            throw error
        }
        guard case .method(.basic(.consumeOk(let tag))) = response else {
            throw AMQPClientError(.protocolError, "unexpected response to basic.consume", channel: id)
        }
        connection.logger.debug("consumer started", metadata: [LogKey.consumerTag: tag, LogKey.queue: queue])
        return AMQPConsumer(consumerTag: tag, queue: queue, channel: self, deliveries: deliveries)
    }

    /// Stops a consumer and waits for the broker's `cancel-ok`; its sequence then ends.
    /// Messages already delivered but not settled stay unacknowledged until settled or
    /// until the channel closes.
    public func basicCancel(consumerTag: String) async throws(AMQPClientError) {
        _ = try await call(.basic(.cancel(consumerTag: consumerTag, noWait: false)), expecting: 60, [31])
        connection.logger.debug("consumer cancelled", metadata: [LogKey.consumerTag: consumerTag])
    }

    /// Fetches one message from `queue`, or `nil` when it is empty.
    public func basicGet(queue: String, noAck: Bool = false) async throws(AMQPClientError) -> AMQPMessage? {
        let response = try await call(.basic(.get(queue: queue, noAck: noAck)), expecting: 60, [71, 72])
        guard case .message(let message) = response else { return nil }
        return message
    }

    // MARK: - Settling deliveries

    /// Acknowledges a delivery, or every delivery up to it with `multiple`.
    public func basicAck(deliveryTag: UInt64, multiple: Bool = false) throws(AMQPClientError) {
        try settle(.basic(.ack(deliveryTag: deliveryTag, multiple: multiple)))
    }

    /// Rejects a delivery, or every delivery up to it with `multiple`.
    public func basicNack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool) throws(AMQPClientError) {
        try settle(.basic(.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue)))
    }

    /// Rejects one delivery.
    public func basicReject(deliveryTag: UInt64, requeue: Bool) throws(AMQPClientError) {
        try settle(.basic(.reject(deliveryTag: deliveryTag, requeue: requeue)))
    }

    private func settle(_ method: AMQPMethod) throws(AMQPClientError) {
        try settle(method, epoch: nil)
    }

    /// Sends an ack, nack or reject on this channel. With `epoch`, a settle for a delivery
    /// received before the channel was recovered is dropped: its tag would name another
    /// message on the new channel, and the broker redelivers the old one anyway.
    func settle(_ method: AMQPMethod, epoch: UInt64?) throws(AMQPClientError) {
        var queuedOn: Session?
        let failure = connection.core.withLock { core -> AMQPClientError? in
            // A delivery tag is only valid on the channel that received it: on a new
            // channel with the same number it would settle another message.
            guard let channel = core.channels[id], channel.generation == generation else {
                return AMQPClientError(
                    .channelClosed,
                    "channel \(id) closed before \(method.name); the broker will redeliver the message",
                    channel: id
                )
            }
            switch channel.lifecycle {
            case .closing:
                return AMQPClientError(.channelClosed, "channel \(id) is closing", channel: id)
            case .recovering:
                return nil
            case .open, .opening:
                break
            }
            if let epoch, epoch != channel.epoch {
                return nil
            }
            guard let session = core.session else { return nil }
            do throws(AMQPWireError) {
                if try session.writer.enqueue(.method(channel: id, method), wakingWriter: false) {
                    queuedOn = session
                }
            } catch {
                return AMQPClientError(.invalidArgument, error.message, channel: id)
            }
            return nil
        }
        queuedOn?.writer.flush()
        if let failure { throw failure }
    }
}
