import AMQPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension LegacyCommandBridge {
    /// Handles one message from the bridge's queue, from classifying to acknowledging.
    func process(_ message: AMQPMessage) async {
        guard case .command(let agent, let action) = LegacyRoutingKey(message.routingKey) else {
            // A reply or an unrelated key matched by `command.#`.
            await message.settle(requeue: nil, queue: configuration.queue, logger: logger)
            return
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.decode(message.body)
        } catch {
            logger.warning("dropped a legacy command that is not a valid envelope", metadata: [
                LogKey.routingKey: message.routingKey, LogKey.reason: "\(error)",
            ])
            await message.settle(requeue: nil, queue: configuration.queue, logger: logger)
            return
        }
        guard envelope.eventType == LegacyCommand.envelopeType else {
            logger.debug("skipped an event that is not a command envelope", metadata: [
                LogKey.routingKey: message.routingKey, LogKey.eventType: envelope.eventType,
            ])
            await message.settle(requeue: nil, queue: configuration.queue, logger: logger)
            return
        }

        let command: LegacyCommand
        do {
            command = try LegacyCommand.read(envelope, agent: agent, action: action)
        } catch {
            await reject(error, envelope: envelope, message: message)
            return
        }
        let outcome = await outcome(of: command)
        if Task.isCancelled {
            // The bridge is stopping and gave up waiting: the next bridge runs the command
            // again under the same command id, which workers remember.
            await message.settle(requeue: true, queue: configuration.queue, logger: logger)
            return
        }
        if await publishReply(.outcome(outcome), for: command) {
            await message.settle(requeue: nil, queue: configuration.queue, logger: logger)
        } else {
            await message.settle(requeue: true, queue: configuration.queue, logger: logger)
        }
    }

    /// Runs a legacy command, or decides its outcome without running it, and returns the outcome.
    private func outcome(of command: LegacyCommand) async -> LegacyOutcome {
        if let expiresAt = command.expiresAt, expiresAt <= .now() {
            return .error(code: CommandFailure.Code.ttlExpired.rawValue, message: "the command expired at \(expiresAt) before the bridge received it", retryable: false)
        }
        guard let target = configuration.mapping.target(for: command.mappingKey) else {
            return .error(
                code: CommandFailure.Code.notImplemented.rawValue,
                message: "no command type is mapped to '\(command.mappingKey)'; map it with 'bb bridge legacy-commands --map \(command.mappingKey)=<command-type>'",
                retryable: false
            )
        }
        guard let key = command.idempotencyKey else {
            return await dispatch(command, to: target)
        }

        let windowKey = command.mappingKey + "|" + key
        var decision = outcomes.withLock { $0.begin(windowKey, now: .now) }
        while true {
            switch decision {
            case .execute:
                let outcome = await dispatch(command, to: target)
                let waiters = outcomes.withLock { $0.finish(windowKey, outcome: outcome, remember: outcome.isRemembered, now: .now) }
                for waiter in waiters { waiter.resume(returning: .replay(outcome)) }
                return outcome
            case .replay(let earlier):
                logger.debug("skipped a legacy command whose idempotency key ran before", metadata: [
                    LogKey.eventID: command.commandID.lowercasedText, LogKey.reason: command.mappingKey,
                ])
                return earlier.repeated
            case .wait:
                let resolution = await withCheckedContinuation { continuation in
                    let immediate = outcomes.withLock { $0.addWaiter(continuation, for: windowKey) }
                    if let immediate { continuation.resume(returning: immediate) }
                }
                switch resolution {
                case .replay(let earlier) where earlier.isRemembered:
                    return earlier.repeated
                case .replay, .retry:
                    // The first run failed in a way worth retrying, so this one runs.
                    decision = outcomes.withLock { $0.begin(windowKey, now: .now) }
                }
            }
        }
    }

    /// Sends the command to its worker queue, replies `.ack` once the broker stored it,
    /// and waits for the worker's reply.
    private func dispatch(_ command: LegacyCommand, to target: (commandType: String, queueType: CommandQueueType)) async -> LegacyOutcome {
        let timeout: Duration
        if let expiresAt = command.expiresAt {
            timeout = EventTimestamp.now().duration(to: expiresAt)
        } else {
            timeout = configuration.timeoutWithoutTimeToLive
        }
        let deadline = ContinuousClock.now + timeout
        let envelope = client.makeCommandEnvelope(
            commandType: target.commandType,
            payload: command.commandPayload,
            id: command.commandID,
            expiresAt: command.expiresAt,
            correlationIDs: [command.envelope.eventID],
            source: nil
        )
        logger.debug("dispatching a legacy command", metadata: [
            LogKey.eventID: command.commandID.lowercasedText, LogKey.eventType: target.commandType,
            LogKey.reason: "priority \(command.priority.rawValue)",
        ])
        do {
            let result = try await client.requestCommand(envelope, queueType: target.queueType, deadline: deadline) { [self] in
                _ = await publishReply(.ack, for: command)
            }
            return .succeeded(result)
        } catch {
            logger.debug("a legacy command failed", metadata: [
                LogKey.eventID: command.commandID.lowercasedText, LogKey.eventType: target.commandType, LogKey.error: error.description,
            ])
            return .failed(error)
        }
    }

    /// Replies `.error` with `rejected` to a command whose payload is invalid, or drops
    /// it when it has no command id to reply to.
    ///
    /// Not optimised: the Swift 6.3.1 optimiser crashes on this function in release
    /// builds (an ownership error in CopyPropagation), and the path is rare.
    @_optimize(none)
    private func reject(_ error: LegacyCommandReadError, envelope: EventEnvelope, message: AMQPMessage) async {
        guard let commandID = error.commandID else {
            logger.warning("dropped a legacy command without a valid command id", metadata: [
                LogKey.eventID: envelope.eventID.lowercasedText, LogKey.routingKey: message.routingKey, LogKey.reason: error.reason,
            ])
            await message.settle(requeue: nil, queue: configuration.queue, logger: logger)
            return
        }
        let command = LegacyCommand(
            commandID: commandID,
            targetAgent: error.targetAgent,
            action: error.action,
            priority: .normal,
            timeToLiveMilliseconds: 0,
            commandPayload: .object(JSONObject()),
            envelope: envelope
        )
        let outcome = LegacyOutcome.error(code: CommandFailure.Code.rejected.rawValue, message: "the command is invalid: \(error.reason)", retryable: false)
        let published = await publishReply(.outcome(outcome), for: command)
        await message.settle(requeue: published ? nil : true, queue: configuration.queue, logger: logger)
    }
}
