import AMQPWire

extension AMQPConnection {
    /// Reads and dispatches frames until the connection ends; runs on the reader thread.
    func readLoop(_ transport: SocketTransport, session: Session) {
        // Before `connection.tune` a peer may send frames up to 4096 bytes; RabbitMQ's
        // `connection.start` fits easily, so a generous first limit avoids a false error.
        var decoder = AMQPFrameDecoder(maximumFrameSize: 131_072)
        let bufferSize = 128 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 8)
        defer { buffer.deallocate() }
        var effects: [Effect] = []
        effects.reserveCapacity(64)

        var nextDeadlineCheck: UInt64 = 0
        while isCurrent(session) {
            switch transport.read(into: buffer, timeoutMilliseconds: Self.deadlineCheckMilliseconds) {
            case .bytes(let count):
                session.lastRead.store(MonotonicClock.nanoseconds(), ordering: .relaxed)
                decoder.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                do throws(AMQPWireError) {
                    while let frame = try decoder.nextFrame() {
                        handle(frame, session: session, decoder: &decoder, effects: &effects)
                        if !effects.isEmpty {
                            run(effects)
                            effects.removeAll(keepingCapacity: true)
                        }
                    }
                } catch {
                    failWithProtocolError(AMQPClientError.wire(error), session: session)
                }
            case .timedOut:
                break
            case .closed:
                fail(AMQPClientError(.connectionClosed, "the broker closed the TCP connection"), session: session)
            case .failed(let reason):
                fail(AMQPClientError(.connectionClosed, "reading from the socket failed: \(reason)"), session: session)
            }
            // Deadlines are checked on a timer, not only when reads time out, so that a
            // busy connection still expires publishes the broker never confirms.
            let now = MonotonicClock.nanoseconds()
            if now >= nextDeadlineCheck {
                nextDeadlineCheck = now &+ UInt64(Self.deadlineCheckMilliseconds) * 1_000_000
                checkDeadlines(session)
            }
        }
    }

    private func isCurrent(_ session: Session) -> Bool {
        core.withLock { $0.session === session }
    }

    /// Sends `connection.close` with the error's reply code, best effort, then ends the
    /// connection without waiting for `close-ok`.
    func failWithProtocolError(_ error: AMQPClientError, session: Session) {
        logger.error("protocol error from the broker", metadata: [LogKey.error: error.description])
        let close = AMQPMethod.Connection.Close(
            replyCode: error.replyCode ?? 505,
            replyText: String(decoding: error.message.utf8.prefix(200), as: UTF8.self)
        )
        _ = try? session.writer.enqueue(.method(channel: 0, .connection(.close(close))))
        fail(error, session: session)
    }

    /// How often handshake, heartbeat, close and publish deadlines are checked, which is
    /// also how late a deadline can be noticed.
    static let deadlineCheckMilliseconds: Int32 = 100

    private func checkDeadlines(_ session: Session) {
        let now = MonotonicClock.nanoseconds()
        var effects: [Effect] = []
        var failure: AMQPClientError?
        core.withLock { core in
            if core.handshakeDeadline != 0, now >= core.handshakeDeadline, !core.machine.isOpen {
                failure = AMQPClientError(
                    .timedOut,
                    "the AMQP handshake with \(configuration.host):\(configuration.port) did not finish within \(configuration.connectionTimeoutMilliseconds) ms"
                )
                return
            }
            if core.closeDeadline != 0, now >= core.closeDeadline {
                failure = AMQPClientError(.connectionClosed, "the broker did not answer connection.close in time; the socket was closed")
                return
            }
            for id in core.channels.keys {
                guard let expired = core.channels[id]?.confirms?.removeExpired(now: now), !expired.isEmpty else {
                    continue
                }
                let error: AMQPClientError
                if let reason = core.blockedReason {
                    error = AMQPClientError(
                        .blocked,
                        "the broker blocked publishing (\(reason)) and did not confirm the publish before its deadline; free memory or disk on the broker",
                        channel: id
                    )
                } else {
                    error = AMQPClientError(
                        .timedOut,
                        "the broker did not confirm the publish before its deadline; it may or may not have been delivered",
                        channel: id
                    )
                }
                for entry in expired {
                    effects.append(.resumeConfirm(entry.waiter, .failed(ErrorBox(error))))
                }
            }
        }
        run(effects)
        if let failure {
            fail(failure, session: session)
            return
        }
        let heartbeat = UInt64(heartbeatSeconds)
        if heartbeat > 0 {
            let silence = now &- session.lastRead.load(ordering: .relaxed)
            if silence > 2 * heartbeat * 1_000_000_000 {
                fail(AMQPClientError(
                    .heartbeatTimeout,
                    "no frame arrived from the broker for \(silence / 1_000_000) ms, more than two heartbeat intervals of \(heartbeat) s"
                ), session: session)
            }
        }
    }

    // MARK: - Dispatch

    private func handle(_ frame: AMQPFrame, session: Session, decoder: inout AMQPFrameDecoder, effects: inout [Effect]) {
        if logger.isEnabled(.trace) {
            logger.trace("frame received", metadata: [LogKey.frame: "\(frame)"])
        }
        switch frame {
        case .heartbeat:
            return
        case .method(0, .connection(let method)):
            handleConnectionMethod(method, session: session, decoder: &decoder, effects: &effects)
        case .method(0, let method):
            failWithProtocolError(AMQPClientError(.protocolError, "the broker sent \(method.name) on channel 0", replyCode: 503), session: session)
        case .method(let channel, let method):
            handleChannelMethod(channel, method, session: session, effects: &effects)
        case .header(let channel, let header):
            handleHeader(channel, header, session: session, effects: &effects)
        case .body(let channel, let bytes):
            handleBody(channel, bytes, session: session, effects: &effects)
        }
    }

    private func handleConnectionMethod(
        _ method: AMQPMethod.Connection,
        session: Session,
        decoder: inout AMQPFrameDecoder,
        effects: inout [Effect]
    ) {
        var failure: AMQPClientError?
        var protocolError: AMQPClientError?
        core.withLock { core in
            guard core.session === session else { return }
            let action: ConnectionStateMachine.Action
            switch method {
            case .start(let start):
                core.serverProperties = start.serverProperties
                action = core.machine.startReceived(start)
            case .tune(let tune):
                action = core.machine.tuneReceived(tune)
            case .openOk:
                action = core.machine.openOkReceived()
            case .close(let close):
                action = core.machine.closeReceived(close)
            case .closeOk:
                action = core.machine.closeOkReceived()
            case .blocked(let reason):
                core.blockedReason = reason.isEmpty ? "blocked" : reason
                core.emit(.blocked(reason: reason), effects: &effects)
                logger.warning("broker blocked publishing", metadata: [LogKey.reason: reason])
                action = .none
            case .unblocked:
                core.blockedReason = nil
                core.emit(.unblocked, effects: &effects)
                core.resumeReadyWaiters(effects: &effects)
                logger.info("broker unblocked publishing")
                action = .none
            case .updateSecretOk:
                action = .none
            case .startOk, .secure, .secureOk, .tuneOk, .open, .updateSecret:
                protocolError = AMQPClientError(
                    .protocolError,
                    "the broker sent connection.\(method.name), which only a client sends",
                    replyCode: 503
                )
                action = .none
            }

            switch action {
            case .sendStartOk(let startOk):
                _ = try? core.send(.method(channel: 0, .connection(.startOk(startOk))))
            case .sendTuneOkAndOpen(let tuneOk, let open, let tuning):
                if tuning.frameMax != 0 { decoder.maximumFrameSize = tuning.frameMax }
                negotiatedFrameMax.store(tuning.frameMax, ordering: .relaxed)
                _ = try? core.send(.method(channel: 0, .connection(.tuneOk(tuneOk))))
                _ = try? core.send(.method(channel: 0, .connection(.open(open))))
                session.writer.setHeartbeat(seconds: tuning.heartbeatSeconds)
            case .connectionOpened(let tuning):
                core.handshakeDeadline = 0
                if core.phase == .connecting {
                    core.phase = .open
                }
                if let waiter = core.connectWaiter {
                    core.connectWaiter = nil
                    effects.append(.resumeConnect(waiter, .success(())))
                }
                logger.debug("connection opened", metadata: [
                    LogKey.host: session.endpoint.host,
                    LogKey.virtualHost: configuration.virtualHost,
                    LogKey.frameMax: "\(tuning.frameMax)",
                    LogKey.heartbeat: "\(tuning.heartbeatSeconds)",
                ])
            case .sendClose(let close):
                _ = try? core.send(.method(channel: 0, .connection(.close(close))))
            case .sendCloseOkAndShutDown(let error):
                _ = try? core.send(.method(channel: 0, .connection(.closeOk)))
                failure = error
            case .shutDown(let error):
                failure = error
            case .closeCompleted:
                core.shutDown(AMQPConnection.closedByApplication, effects: &effects)
                failure = AMQPConnection.closedByApplication
            case .none:
                break
            }
        }
        if !effects.isEmpty {
            run(effects)
            effects.removeAll()
        }
        if let protocolError {
            failWithProtocolError(protocolError, session: session)
        } else if let failure {
            // Decides between recovery and closing for good.
            fail(failure, session: session)
            session.stop()
        }
    }

    private func handleChannelMethod(_ channelID: UInt16, _ method: AMQPMethod, session: Session, effects: inout [Effect]) {
        var protocolError: AMQPClientError?
        core.withLock { core in
            guard core.session === session else { return }
            guard let channel = core.channels[channelID] else {
                protocolError = Self.channelNotOpen(method.name, channelID)
                return
            }

            switch method {
            case .channel(.close(let close)):
                _ = try? core.send(.method(channel: channelID, .channel(.closeOk)))
                let error = AMQPClientError.closedByBroker(.channelClosed, close, channel: channelID)
                logger.debug("broker closed channel", metadata: [
                    LogKey.channel: "\(channelID)", LogKey.replyCode: "\(close.replyCode)", LogKey.replyText: close.replyText,
                ])
                channel.failAll(error, effects: &effects)
                core.channels[channelID] = nil
                return
            case .channel(.closeOk):
                channel.failAll(AMQPClientError(.channelClosed, "the channel was closed", channel: channelID), effects: &effects)
                core.channels[channelID] = nil
                return
            case .channel(.flow(let active)):
                _ = try? core.send(.method(channel: channelID, .channel(.flowOk(active: active))))
                return
            case .basic(.deliver(let deliver)):
                channel.content = ContentAssembly(kind: .deliver(deliver))
                return
            case .basic(.return(let returned)):
                channel.content = ContentAssembly(kind: .return(returned))
                return
            case .basic(.ack(let tag, let multiple)):
                settleConfirms(channel, tag: tag, multiple: multiple, acked: true, effects: &effects)
                return
            case .basic(.nack(let tag, let multiple, _)):
                settleConfirms(channel, tag: tag, multiple: multiple, acked: false, effects: &effects)
                return
            case .basic(.cancel(let consumerTag, let noWait)):
                // Sent by the broker when the queue was deleted or its node went away.
                if !noWait {
                    _ = try? core.send(.method(channel: channelID, .basic(.cancelOk(consumerTag: consumerTag))))
                }
                channel.consumerRecords[consumerTag] = nil
                if let consumer = channel.consumers.removeValue(forKey: consumerTag) {
                    effects.append(.finishConsumer(consumer, AMQPClientError(
                        .consumerCancelled,
                        "the broker cancelled consumer '\(consumerTag)', for example because its queue was deleted",
                        channel: channelID
                    )))
                }
                logger.info("broker cancelled consumer", metadata: [LogKey.consumerTag: consumerTag, LogKey.channel: "\(channelID)"])
                return
            default:
                break
            }

            // Everything else is the response to the oldest pending synchronous request.
            guard let first = channel.rpcs.first,
                first.responseClassID == method.classID,
                first.responseMethodIDs.contains(method.methodID)
            else {
                protocolError = AMQPClientError(
                    .protocolError,
                    "the broker sent \(method.name) on channel \(channelID) when no request expected it",
                    replyCode: 505
                )
                return
            }
            if case .basic(.getOk(let getOk)) = method {
                // The request completes when the content is complete.
                channel.content = ContentAssembly(kind: .getOk(getOk))
                return
            }
            let rpc = channel.rpcs.removeFirst()
            switch method {
            case .basic(.consumeOk(let tag)):
                if let consumer = rpc.consumer {
                    if rpc.continuation == nil {
                        // The caller gave up waiting; the consumer exists on the broker, so end the stream.
                        effects.append(.finishConsumer(consumer, AMQPClientError(.cancelled, "the consume request was cancelled")))
                        _ = try? core.send(.method(channel: channelID, .basic(.cancel(consumerTag: tag, noWait: true))))
                    } else {
                        channel.consumers[tag] = consumer
                        if let record = rpc.consumerRecord { channel.consumerRecords[tag] = record }
                    }
                }
            case .basic(.cancelOk(let tag)):
                channel.consumerRecords[tag] = nil
                if let consumer = channel.consumers.removeValue(forKey: tag) {
                    effects.append(.finishConsumer(consumer, nil))
                }
            case .basic(.getEmpty):
                if let continuation = rpc.continuation {
                    effects.append(.resumeRPC(continuation, .success(.message(nil))))
                }
                return
            case .confirm(.selectOk):
                channel.confirmMode = true
                if channel.confirms == nil { channel.confirms = ConfirmTracker() }
            default:
                break
            }
            if let continuation = rpc.continuation {
                effects.append(.resumeRPC(continuation, .success(.method(method))))
            }
        }
        if let protocolError {
            failWithProtocolError(protocolError, session: session)
        }
    }

    private func settleConfirms(
        _ channel: ChannelCore,
        tag: UInt64,
        multiple: Bool,
        acked: Bool,
        effects: inout [Effect]
    ) {
        channel.confirms?.settle(deliveryTag: tag, multiple: multiple) { entry in
            let signal: ConfirmSignal
            if let returned = entry.returnedBox {
                signal = .returned(returned)
            } else {
                signal = acked ? .acked : .nacked
            }
            effects.append(.resumeConfirm(entry.waiter, signal))
        }
    }

    private func handleHeader(_ channelID: UInt16, _ header: AMQPContentHeader, session: Session, effects: inout [Effect]) {
        var protocolError: AMQPClientError?
        core.withLock { core in
            guard core.session === session else { return }
            guard let channel = core.channels[channelID] else {
                protocolError = Self.channelNotOpen("a content header", channelID)
                return
            }
            guard channel.content != nil, channel.content?.header == nil else {
                protocolError = AMQPClientError(
                    .protocolError,
                    "the broker sent a content header on channel \(channelID) without a preceding method",
                    replyCode: 505
                )
                return
            }
            guard header.bodySize <= configuration.maximumBodySize else {
                protocolError = AMQPClientError(
                    .protocolError,
                    "the broker sent a message body of \(header.bodySize) bytes, over the configured maximum of \(configuration.maximumBodySize)",
                    replyCode: 501
                )
                return
            }
            // Changed in place: copying the assembly out and back copied the header too.
            channel.content?.header = header
            if header.bodySize == 0 {
                completeContent(channel, session: session, effects: &effects)
            }
        }
        if let protocolError {
            failWithProtocolError(protocolError, session: session)
        }
    }

    private func handleBody(_ channelID: UInt16, _ bytes: [UInt8], session: Session, effects: inout [Effect]) {
        var protocolError: AMQPClientError?
        core.withLock { core in
            guard core.session === session else { return }
            guard let channel = core.channels[channelID] else {
                protocolError = Self.channelNotOpen("a body frame", channelID)
                return
            }
            guard let bodySize = channel.content?.header?.bodySize else {
                protocolError = AMQPClientError(
                    .protocolError,
                    "the broker sent a body frame on channel \(channelID) without a content header",
                    replyCode: 505
                )
                return
            }
            if channel.content?.body.isEmpty == true {
                if UInt64(bytes.count) == bodySize {
                    // A body in one frame, the usual case, is taken as it is, without a copy.
                    channel.content?.body = bytes
                } else {
                    channel.content?.body.reserveCapacity(Int(min(bodySize, UInt64(Int.max))))
                    channel.content?.body.append(contentsOf: bytes)
                }
            } else {
                // Appends in place: the body is the only reference to its storage.
                channel.content?.body.append(contentsOf: bytes)
            }
            let received = UInt64(channel.content?.body.count ?? 0)
            guard received <= bodySize else {
                protocolError = AMQPClientError(
                    .protocolError,
                    "the broker sent more body bytes on channel \(channelID) than its content header announced",
                    replyCode: 501
                )
                return
            }
            if received == bodySize {
                completeContent(channel, session: session, effects: &effects)
            }
        }
        if let protocolError {
            failWithProtocolError(protocolError, session: session)
        }
    }

    private func completeContent(_ channel: ChannelCore, session: Session, effects: inout [Effect]) {
        guard let content = channel.content.take(), let header = content.header else { return }
        let handle = AMQPChannel(id: channel.id, generation: channel.generation, connection: self)
        switch content.kind {
        case .deliver(let deliver):
            let message = AMQPMessage(
                deliveryTag: deliver.deliveryTag,
                redelivered: deliver.redelivered,
                exchange: deliver.exchange,
                routingKey: deliver.routingKey,
                consumerTag: deliver.consumerTag,
                properties: header.properties,
                body: content.body,
                channel: handle,
                epoch: channel.epoch
            )
            if let consumer = channel.consumers[deliver.consumerTag] {
                effects.append(.deliver(consumer, message))
            } else if case .open = channel.lifecycle {
                // The consumer ended locally while the broker still delivered; give the message back.
                _ = try? session.writer.enqueue(.method(
                    channel: channel.id,
                    .basic(.reject(deliveryTag: deliver.deliveryTag, requeue: true))
                ))
            }
        case .return(let returned):
            let message = AMQPReturnedMessage(
                replyCode: returned.replyCode,
                replyText: returned.replyText,
                exchange: returned.exchange,
                routingKey: returned.routingKey,
                properties: header.properties,
                bodySize: content.body.count
            )
            _ = channel.confirms?.markReturned(message)
            if let stream = channel.returns {
                effects.append(.returned(stream, message))
            }
        case .getOk(let getOk):
            let message = AMQPMessage(
                deliveryTag: getOk.deliveryTag,
                redelivered: getOk.redelivered,
                exchange: getOk.exchange,
                routingKey: getOk.routingKey,
                consumerTag: nil,
                properties: header.properties,
                body: content.body,
                channel: handle,
                epoch: channel.epoch
            )
            guard !channel.rpcs.isEmpty else { return }
            let rpc = channel.rpcs.removeFirst()
            if let continuation = rpc.continuation {
                effects.append(.resumeRPC(continuation, .success(.message(message))))
            } else {
                _ = try? session.writer.enqueue(.method(
                    channel: channel.id,
                    .basic(.reject(deliveryTag: getOk.deliveryTag, requeue: true))
                ))
            }
        }
    }

    /// Makes the 504 channel error for a frame on a channel that is not open.
    private static func channelNotOpen(_ frame: String, _ channelID: UInt16) -> AMQPClientError {
        AMQPClientError(
            .protocolError,
            "the broker sent \(frame) on channel \(channelID), which is not open",
            replyCode: 504
        )
    }
}
