import AMQPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Runs the deliveries of one worker: checks the idempotency window and the deadline,
/// runs the handler, publishes the lifecycle events, replies, and settles.
///
/// The order of the steps is what makes a command survive a worker that dies: the
/// delivery is acknowledged only after its outcome event is confirmed by the broker
/// and the reply is sent. Until then the broker keeps the command and delivers it
/// again when the worker's channel closes.
final class CommandExecutor<Command: CommandPayload>: Sendable {
    typealias Handler = @Sendable (ReceivedCommand<Command>) async throws -> Command.Result
    typealias Window = IdempotencyWindow<UUID, RecordedOutcome, CheckedContinuation<IdempotencyResolution<RecordedOutcome>, Never>>

    /// An outcome event as published and replied.
    struct RecordedOutcome: Sendable {
        var envelope: EventEnvelope
        var body: [UInt8]
        /// Whether the broker confirmed the outcome event on the events exchange.
        var isPublished: Bool
    }

    private let handler: Handler
    private let client: BloodbankClient
    private let replies: ReplyChannel
    private let queue: String
    private let workerName: String
    private let logger: Logger
    private let outcomes: Mutex<Window>

    init(handler: @escaping Handler, client: BloodbankClient, replies: ReplyChannel, queue: String, idempotencyWindow: Duration, logger: Logger) {
        self.handler = handler
        self.client = client
        self.replies = replies
        self.queue = queue
        self.workerName = "\(client.publisher.defaultSource.host)/\(getpid())"
        self.logger = logger
        self.outcomes = Mutex(Window(window: idempotencyWindow))
    }

    /// Handles one delivery from the worker queue, from decoding to settling.
    func process(_ message: AMQPMessage) async {
        let receivedAt = EventTimestamp.now()
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.decode(message.body)
        } catch {
            await rejectUndecodable(message, reason: "\(error)")
            return
        }
        let id = envelope.eventID

        var decision = outcomes.withLock { $0.begin(id, now: .now) }
        while true {
            switch decision {
            case .execute:
                await executeAndDeliver(envelope, message: message, receivedAt: receivedAt)
                return
            case .replay(let recorded):
                logger.debug("replied to a repeated command from the idempotency window", metadata: [
                    LogKey.eventID: id.lowercasedText, LogKey.queue: queue,
                ])
                await deliver(recorded, for: message, commandID: id, publish: !recorded.isPublished)
                return
            case .wait:
                let resolution = await withCheckedContinuation { continuation in
                    let immediate = outcomes.withLock { $0.addWaiter(continuation, for: id) }
                    if let immediate { continuation.resume(returning: immediate) }
                }
                switch resolution {
                case .replay(let recorded):
                    await deliver(recorded, for: message, commandID: id, publish: false)
                    return
                case .retry:
                    decision = outcomes.withLock { $0.begin(id, now: .now) }
                }
            }
        }
    }

    // MARK: - Executing

    private func executeAndDeliver(_ envelope: EventEnvelope, message: AMQPMessage, receivedAt: EventTimestamp) async {
        let id = envelope.eventID
        guard let (recorded, remember) = await execute(envelope, message: message, receivedAt: receivedAt) else {
            // The worker is stopping: leave the command to the next worker.
            let waiters = outcomes.withLock { $0.abandon(id) }
            for waiter in waiters { waiter.resume(returning: .retry) }
            await message.settle(requeue: true, queue: queue, logger: logger)
            return
        }
        let waiters = outcomes.withLock { $0.finish(id, outcome: recorded, remember: remember, now: .now) }
        for waiter in waiters { waiter.resume(returning: .replay(recorded)) }
        await deliver(recorded, for: message, commandID: id, publish: true)
    }

    /// Runs the command unless it expired; returns its outcome and whether to remember
    /// it, or nil when the worker is stopping and cancelled the handler.
    ///
    /// Completed commands and failures that are not retryable are remembered. A
    /// retryable failure and an expiry are not, so the same id sent again runs.
    private func execute(_ envelope: EventEnvelope, message: AMQPMessage, receivedAt: EventTimestamp) async -> (RecordedOutcome, Bool)? {
        let id = envelope.eventID
        if let expiresAt = envelope.commandExpiresAt, expiresAt <= receivedAt {
            logger.debug("a command expired before it ran", metadata: [LogKey.eventID: id.lowercasedText, LogKey.queue: queue])
            let event = CommandExpired<Command>(commandID: id, expiresAt: expiresAt, receivedAt: receivedAt)
            return (record(event, commandID: id), false)
        }

        let payload: Command
        do {
            payload = try envelope.decodeCommand(Command.self)
        } catch {
            let failure = CommandFailure(.rejected, "the payload is not a valid \(Command.commandType) command: \(error)")
            return (failed(id, failure, duration: .zero), true)
        }

        await publishAccepted(id, redelivered: message.redelivered)
        let received = ReceivedCommand<Command>(
            id: id, payload: payload, envelope: envelope, expiresAt: envelope.commandExpiresAt, redelivered: message.redelivered)
        let started = ContinuousClock.now
        let result: Command.Result
        do {
            result = try await EventContext.$causingEventID.withValue(id) {
                try await handler(received)
            }
        } catch {
            if Task.isCancelled { return nil }
            let failure = error as? CommandFailure ?? CommandFailure(.executionFailed, "\(error)")
            return (failed(id, failure, duration: .now - started), !failure.retryable)
        }
        let event = CommandCompleted<Command>(commandID: id, result: result, durationMilliseconds: Self.milliseconds(.now - started))
        return (record(event, commandID: id), true)
    }

    private func failed(_ id: UUID, _ failure: CommandFailure, duration: Duration) -> RecordedOutcome {
        record(CommandFailed<Command>(commandID: id, failure: failure, durationMilliseconds: Self.milliseconds(duration)), commandID: id)
    }

    /// Wraps an outcome event in an envelope caused by the command; a result that cannot
    /// be encoded becomes a failure.
    private func record<P: EventPayload>(_ event: P, commandID: UUID) -> RecordedOutcome {
        let source = client.publisher.defaultSource
        do {
            let envelope = try EventEnvelope(payload: event, source: source, correlationIDs: [commandID])
            return RecordedOutcome(envelope: envelope, body: try envelope.encoded(), isPublished: false)
        } catch {
            let failure = CommandFailure(.executionFailed, "the outcome of the command cannot be encoded: \(error)")
            let fallback = CommandFailed<Command>(commandID: commandID, failure: failure, durationMilliseconds: 0)
            // A failure event holds only strings, Booleans and integers, so it always encodes.
            let envelope = (try? EventEnvelope(payload: fallback, source: source, correlationIDs: [commandID]))
                ?? EventEnvelope(eventType: CommandFailed<Command>.eventType, source: source, correlationIDs: [commandID], payload: [:])
            return RecordedOutcome(envelope: envelope, body: (try? envelope.encoded()) ?? [], isPublished: false)
        }
    }

    private func publishAccepted(_ id: UUID, redelivered: Bool) async {
        let event = CommandAccepted<Command>(commandID: id, worker: workerName, redelivered: redelivered)
        do {
            try await client.publisher.publish(event, correlationIDs: [id])
        } catch where error.code == .unroutable {
            // No queue is bound for this lifecycle event, which is not a failure.
        } catch {
            logger.warning("publishing the accepted event failed; the command runs anyway", metadata: [
                LogKey.eventID: id.lowercasedText, LogKey.queue: queue, LogKey.error: error.description,
            ])
        }
    }

    // MARK: - Delivering outcomes

    /// Publishes the outcome event (unless it was published before), replies, and
    /// acknowledges the delivery; requeues it when the event could not be published.
    private func deliver(_ recorded: RecordedOutcome, for message: AMQPMessage, commandID: UUID, publish: Bool) async {
        if publish {
            do {
                try await client.publisher.publish(recorded.envelope)
            } catch where error.code == .unroutable {
                // No queue is bound for this lifecycle event, which is not a failure.
            } catch {
                logger.error("publishing the outcome of a command failed; the command is requeued and its outcome published again", metadata: [
                    LogKey.eventID: commandID.lowercasedText, LogKey.eventType: recorded.envelope.eventType,
                    LogKey.queue: queue, LogKey.error: error.description,
                ])
                await message.settle(requeue: true, queue: queue, logger: logger)
                return
            }
            outcomes.withLock { $0.updateOutcome(of: commandID) { $0.isPublished = true } }
        }
        await reply(recorded, to: message, commandID: commandID)
        await message.settle(requeue: nil, queue: queue, logger: logger)
    }

    /// Sends the outcome to the requester when the command names a reply address.
    ///
    /// A reply that cannot be sent is logged, and the command is acknowledged anyway
    /// because its outcome is already on the events exchange. The requester then reaches
    /// its deadline.
    private func reply(_ recorded: RecordedOutcome, to message: AMQPMessage, commandID: UUID) async {
        guard let replyTo = message.properties.replyTo, !replyTo.isEmpty else { return }
        do {
            try await replies.publish(
                body: recorded.body,
                replyTo: replyTo,
                correlationID: message.properties.correlationID ?? commandID.lowercasedText,
                messageID: recorded.envelope.eventID.lowercasedText,
                timeout: Topology.defaultPublishTimeout
            )
        } catch {
            logger.warning("replying to a command failed; the requester will time out", metadata: [
                LogKey.eventID: commandID.lowercasedText, LogKey.queue: queue, LogKey.error: error.description,
            ])
        }
    }

    /// Reports a delivery that is not a valid envelope as failed, with a made-up
    /// outcome whose command id comes from `message_id` when it is a UUID, and rejects it.
    private func rejectUndecodable(_ message: AMQPMessage, reason: String) async {
        let id = message.properties.messageID.flatMap(EventID.parse) ?? UUID.randomVersion4()
        logger.warning("rejected a command that is not a valid envelope", metadata: [
            LogKey.eventID: message.properties.messageID ?? "unknown", LogKey.queue: queue, LogKey.reason: reason,
        ])
        let failure = CommandFailure(.rejected, "the command is not a valid envelope: \(reason)")
        let recorded = failed(id, failure, duration: .zero)
        do {
            try await client.publisher.publish(recorded.envelope)
        } catch {
            logger.debug("publishing the failure of an invalid command failed", metadata: [LogKey.error: error.description])
        }
        await reply(recorded, to: message, commandID: id)
        await message.settle(requeue: false, queue: queue, logger: logger)
    }


    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
