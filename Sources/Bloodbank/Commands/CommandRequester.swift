import AMQPClient
import AMQPWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Sends commands on one confirm-mode channel of a connection and routes the replies
/// back to the waiting requests.
///
/// Replies use RabbitMQ's direct reply-to: the channel consumes the pseudo-queue
/// `amq.rabbitmq.reply-to` without acknowledgements before anything is published on
/// it, every request carries `reply_to: amq.rabbitmq.reply-to` and its command id as
/// `correlation_id`, and the broker hands the worker's reply straight to this channel.
/// No reply queue is declared, so none is left behind. A reply to a request that was
/// published before the connection recovered cannot arrive, because the address
/// belongs to the lost channel. Such a request ends at its deadline.
///
/// One requester serves each connection (``shared(for:logger:)``), because the
/// command methods are extensions of ``BloodbankClient``, which has no room to store
/// it; it is dropped when the connection closes.
final class CommandRequester: Sendable {
    /// The direct reply-to pseudo-queue.
    static let replyQueue = "amq.rabbitmq.reply-to"

    /// The end of a wait for a reply.
    enum Wait: Sendable {
        case reply(AMQPMessage)
        case timedOut
        case cancelled
        case channelEnded(AMQPClientError)
    }

    private enum Slot {
        /// Registered before the publish, with no reply and no waiting task yet.
        case pending
        case waiting(CheckedContinuation<Wait, Never>)
        case resolved(Wait)
    }

    private enum ChannelState {
        case idle
        case opening([CheckedContinuation<Result<AMQPChannel, AMQPClientError>, Never>])
        case ready(AMQPChannel)
    }

    private struct State {
        var channel: ChannelState = .idle
        var slots: [String: Slot] = [:]
        var declaredQueues: Set<String> = []
    }

    let connection: AMQPConnection
    let logger: Logger
    private let state = Mutex(State())

    private static let instances = Mutex<[ObjectIdentifier: CommandRequester]>([:])

    private init(connection: AMQPConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Returns the requester of `connection`, creating it on first use.
    static func shared(for connection: AMQPConnection, logger: Logger) -> CommandRequester {
        // The dictionary keeps a strong reference to the connection until it closes, so
        // its ObjectIdentifier cannot be reused by another connection while the entry exists.
        let key = ObjectIdentifier(connection)
        let (requester, isNew) = instances.withLock { instances -> (CommandRequester, Bool) in
            if let existing = instances[key] { return (existing, false) }
            let created = CommandRequester(connection: connection, logger: logger)
            instances[key] = created
            return (created, true)
        }
        if isNew {
            Task.detached {
                let reason = await connection.waitUntilClosed()
                _ = instances.withLock { $0.removeValue(forKey: key) }
                requester.resolveAll(.channelEnded(reason))
            }
        }
        return requester
    }

    // MARK: - Declaring worker queues

    /// Declares the worker queue of `commandType` once per connection, on a channel of
    /// its own so that a declaration the broker refuses cannot close the sending channel.
    func declareQueue(commandType: String, queueType: CommandQueueType) async throws(CommandError) {
        let queue = CommandQueue.name(for: commandType)
        if state.withLock({ $0.declaredQueues.contains(queue) }) { return }
        let channel: AMQPChannel
        do {
            channel = try await connection.openChannel()
        } catch {
            throw CommandError.amqp(error, "could not open a channel to declare queue '\(queue)'", commandType: commandType)
        }
        do {
            try await CommandQueue.declare(commandType: commandType, queueType: queueType, on: channel)
        } catch {
            await channel.close()
            throw CommandError.amqp(error, "declaring the worker queue '\(queue)' failed", commandType: commandType)
        }
        await channel.close()
        _ = state.withLock { $0.declaredQueues.insert(queue) }
    }

    /// Forgets that the queue of `commandType` was declared, so the next send declares it again.
    func forgetQueue(commandType: String) {
        _ = state.withLock { $0.declaredQueues.remove(CommandQueue.name(for: commandType)) }
    }

    // MARK: - Publishing

    /// Publishes a command and waits for the broker's confirm.
    ///
    /// - Throws: ``CommandError`` with code `unroutable`, `nacked`, `timedOut` or `connection`.
    func publish(
        body: [UInt8],
        commandType: String,
        commandID: UUID,
        expectsReply: Bool,
        timeout: Duration
    ) async throws(CommandError) {
        let id = commandID.lowercasedText
        let properties = AMQPBasicProperties(
            contentType: Topology.contentType,
            contentEncoding: Topology.contentEncoding,
            deliveryMode: 2,
            correlationID: expectsReply ? id : nil,
            replyTo: expectsReply ? Self.replyQueue : nil,
            messageID: id,
            type: commandType
        )
        let outcome: PublishConfirmation
        do {
            let channel = try await channel()
            outcome = try await channel.basicPublish(
                exchange: Topology.commandsExchange,
                routingKey: commandType,
                body: body,
                properties: properties,
                mandatory: true,
                timeout: timeout
            )
        } catch {
            throw CommandError.amqp(error, "sending command \(id) (\(commandType)) failed", commandType: commandType, commandID: commandID)
        }
        switch outcome {
        case .acked, .sent:
            return
        case .nacked:
            throw CommandError(
                .nacked,
                "the broker rejected command \(id) (\(commandType)) with basic.nack; it was not stored, so send it again",
                commandType: commandType,
                commandID: commandID
            )
        case .returned(let returned):
            forgetQueue(commandType: commandType)
            throw CommandError(
                .unroutable,
                "no queue is bound for command type '\(commandType)', so the broker returned command \(id) (\(returned.replyCode) \(returned.replyText)); start a worker or send again to declare its queue",
                commandType: commandType,
                commandID: commandID
            )
        }
    }

    // MARK: - Replies

    /// Registers a request before its command is published, so that a reply that
    /// arrives before the publish returns is kept.
    ///
    /// - Returns: False when a request with the same id is already waiting.
    func register(_ commandID: UUID) -> Bool {
        state.withLock { state in
            let key = commandID.lowercasedText
            guard state.slots[key] == nil else { return false }
            state.slots[key] = .pending
            return true
        }
    }

    /// Waits for the reply to a registered request until `deadline`, and unregisters it.
    func waitForReply(_ commandID: UUID, until deadline: ContinuousClock.Instant) async -> Wait {
        let key = commandID.lowercasedText
        // NOTE: a Task.sleep cancelled after it started keeps its timer and task, about
        // 0.7 KB, until the deadline passes (Swift 6.3.1 on Linux), so memory grows with
        // request rate times timeout. SubscriptionDeadlines avoids this for handlers.
        let timer = Task {
            try? await Task.sleep(until: deadline)
            if !Task.isCancelled { resolve(key, .timedOut) }
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Wait, Never>) in
                let immediate = state.withLock { state -> Wait? in
                    switch state.slots[key] {
                    case .pending:
                        state.slots[key] = .waiting(continuation)
                        return nil
                    case .resolved(let wait):
                        state.slots[key] = nil
                        return wait
                    case .waiting, .none:
                        return .cancelled
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            resolve(key, .cancelled)
        }
    }

    /// Unregisters a request whose command could not be published.
    func unregister(_ commandID: UUID) {
        resolve(commandID.lowercasedText, .cancelled)
        _ = state.withLock { $0.slots.removeValue(forKey: commandID.lowercasedText) }
    }

    /// Ends the wait for `key` with `wait`, or keeps `wait` for a request that does not wait yet.
    private func resolve(_ key: String, _ wait: Wait) {
        let continuation = state.withLock { state -> CheckedContinuation<Wait, Never>? in
            switch state.slots[key] {
            case .pending:
                state.slots[key] = .resolved(wait)
                return nil
            case .waiting(let continuation):
                state.slots[key] = nil
                return continuation
            case .resolved, .none:
                return nil
            }
        }
        continuation?.resume(returning: wait)
    }

    /// Ends every wait, for example when the channel or the connection ends.
    private func resolveAll(_ wait: Wait) {
        let keys = state.withLock { Array($0.slots.keys) }
        for key in keys { resolve(key, wait) }
    }

    /// Routes each reply to its request by `correlation_id` until the consumer ends.
    private func dispatchReplies(_ consumer: AMQPConsumer, channel: AMQPChannel) async {
        var ending: AMQPClientError = AMQPClientError(.channelClosed, "the reply consumer ended")
        do {
            for try await message in consumer {
                guard let key = message.properties.correlationID?.lowercased() else {
                    logger.debug("dropped a reply without a correlation id", metadata: [LogKey.routingKey: message.routingKey])
                    continue
                }
                let known = state.withLock { $0.slots[key] != nil }
                if known {
                    resolve(key, .reply(message))
                } else {
                    logger.debug("dropped a reply that no request waits for", metadata: [LogKey.eventID: key])
                }
            }
        } catch let error as AMQPClientError {
            ending = error
        } catch {
            ending = AMQPClientError(.channelClosed, "the reply consumer ended: \(error)")
        }
        let isCurrent = state.withLock { state -> Bool in
            guard case .ready(let current) = state.channel, current == channel else { return false }
            state.channel = .idle
            return true
        }
        if isCurrent {
            logger.debug("the command channel ended", metadata: [LogKey.error: ending.description])
            resolveAll(.channelEnded(ending))
        }
    }

    // MARK: - The channel

    /// Returns the open command channel, opening it on first use and after the broker closed it.
    private func channel() async throws(AMQPClientError) -> AMQPChannel {
        enum Step {
            case use(AMQPChannel)
            case open
            case wait
        }
        let step = state.withLock { state -> Step in
            switch state.channel {
            case .ready(let channel) where channel.isOpen:
                return .use(channel)
            case .opening:
                return .wait
            case .idle, .ready:
                state.channel = .opening([])
                return .open
            }
        }
        switch step {
        case .use(let channel):
            return channel
        case .open:
            return try await openChannel().get()
        case .wait:
            let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<AMQPChannel, AMQPClientError>, Never>) in
                let ready = state.withLock { state -> Result<AMQPChannel, AMQPClientError>? in
                    switch state.channel {
                    case .opening(var waiters):
                        waiters.append(continuation)
                        state.channel = .opening(waiters)
                        return nil
                    case .ready(let channel):
                        return .success(channel)
                    case .idle:
                        return .failure(AMQPClientError(.channelClosed, "the command channel could not be opened"))
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
            return try result.get()
        }
    }

    private func openChannel() async -> Result<AMQPChannel, AMQPClientError> {
        let result: Result<AMQPChannel, AMQPClientError>
        var consumer: AMQPConsumer?
        do {
            let channel = try await connection.openChannel()
            try await channel.exchangeDeclare(Topology.commandsExchange, type: "topic", durable: true)
            try await channel.confirmSelect()
            // Direct reply-to requires the consumer before the first publish that names it.
            consumer = try await channel.basicConsume(queue: Self.replyQueue, noAck: true)
            result = .success(channel)
        } catch {
            result = .failure(error)
        }
        let waiters = state.withLock { state -> [CheckedContinuation<Result<AMQPChannel, AMQPClientError>, Never>] in
            guard case .opening(let waiters) = state.channel else { return [] }
            switch result {
            case .success(let channel): state.channel = .ready(channel)
            case .failure: state.channel = .idle
            }
            return waiters
        }
        if case .success(let channel) = result, let consumer {
            Task.detached { [self] in await dispatchReplies(consumer, channel: channel) }
        }
        for waiter in waiters { waiter.resume(returning: result) }
        return result
    }
}
