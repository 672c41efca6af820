import AMQPClient
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension BloodbankClient {
    /// How long ``request(_:id:timeout:timeToLive:correlationIDs:source:)`` waits for a
    /// reply unless the caller sets a timeout.
    public static let defaultRequestTimeout: Duration = .seconds(30)

    /// Sends a command to its worker queue and returns once the broker has stored it.
    ///
    /// The command is published on ``Topology/commandsExchange`` with the command type
    /// as routing key, persistent and mandatory, with publisher confirms. The worker
    /// queue is declared first (once per connection), so a command sent before any
    /// worker runs waits in the queue. No reply is awaited; workers still publish the
    /// command's lifecycle events.
    ///
    /// - Parameters:
    ///   - id: The command id, also the envelope's event id and AMQP `message_id`.
    ///     Sending the same id again within a worker's idempotency window returns the
    ///     first outcome instead of running the command twice.
    ///   - timeToLive: How long the command may wait for a worker; a worker that
    ///     receives it later reports it expired without running it. `nil` never expires.
    ///   - timeout: How long to wait for the broker's confirm.
    /// - Returns: The command envelope as sent.
    /// - Throws: ``CommandError`` with code `invalidCommand`, `unroutable`, `nacked`,
    ///   `timedOut` or `connection`.
    @discardableResult
    public func send<C: CommandPayload>(
        _ command: C,
        id: UUID = .randomVersion4(),
        timeToLive: Duration? = nil,
        correlationIDs: [UUID] = [],
        source: EventSource? = nil,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(CommandError) -> EventEnvelope {
        let payload = try Self.encodeCommand(command, id: id)
        return try await send(
            commandType: C.commandType,
            payload: payload,
            queueType: C.queueType,
            id: id,
            timeToLive: timeToLive,
            correlationIDs: correlationIDs,
            source: source,
            timeout: timeout
        )
    }

    /// Sends a command given as a command type and a JSON payload; see
    /// ``send(_:id:timeToLive:correlationIDs:source:timeout:)``.
    ///
    /// The payload is not checked here: the worker decodes it and reports a payload
    /// that does not match as failed with code `rejected`.
    @discardableResult
    public func send(
        commandType: String,
        payload: JSONValue,
        queueType: CommandQueueType = .quorum,
        id: UUID = .randomVersion4(),
        timeToLive: Duration? = nil,
        correlationIDs: [UUID] = [],
        source: EventSource? = nil,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(CommandError) -> EventEnvelope {
        let envelope = makeCommandEnvelope(
            commandType: commandType,
            payload: payload,
            id: id,
            expiresAt: timeToLive.map { EventTimestamp.now().adding($0) },
            correlationIDs: correlationIDs,
            source: source
        )
        try await publishCommand(envelope, queueType: queueType, expectsReply: false, timeout: timeout)
        return envelope
    }

    /// Sends a command and waits for the worker's reply: the typed result, or a
    /// ``CommandError`` with the worker's ``CommandFailure``.
    ///
    /// The reply travels by RabbitMQ's direct reply-to, matched to the request by its
    /// `correlation_id`, the command id.
    ///
    /// - Parameters:
    ///   - timeout: How long to wait for the reply, publishing included.
    ///   - timeToLive: How long the command may wait for a worker, by default
    ///     `timeout`. A worker that starts after the requester gave up then reports the
    ///     command expired instead of running it unobserved.
    /// - Throws: ``CommandError`` with code `failed` (the worker's failure is in
    ///   ``CommandError/failure``), `expired`, `timedOut` when no reply arrived in
    ///   time (the message names the worker queue, where the command may still wait),
    ///   `invalidReply`, or any code of ``send(_:id:timeToLive:correlationIDs:source:timeout:)``.
    public func request<C: CommandPayload>(
        _ command: C,
        id: UUID = .randomVersion4(),
        timeout: Duration = BloodbankClient.defaultRequestTimeout,
        timeToLive: Duration? = nil,
        correlationIDs: [UUID] = [],
        source: EventSource? = nil
    ) async throws(CommandError) -> C.Result {
        let payload = try Self.encodeCommand(command, id: id)
        let result = try await request(
            commandType: C.commandType,
            payload: payload,
            queueType: C.queueType,
            id: id,
            timeout: timeout,
            timeToLive: timeToLive,
            correlationIDs: correlationIDs,
            source: source
        )
        do {
            return try JSONValueDecoder().decode(C.Result.self, from: result)
        } catch {
            throw CommandError(
                .invalidReply,
                "the result of command \(id.lowercasedText) (\(C.commandType)) does not decode as \(C.Result.self): \(error)",
                commandType: C.commandType,
                commandID: id
            )
        }
    }

    /// Sends a command given as a command type and a JSON payload and waits for the
    /// worker's reply; returns the result as JSON. See
    /// ``request(_:id:timeout:timeToLive:correlationIDs:source:)``.
    public func request(
        commandType: String,
        payload: JSONValue,
        queueType: CommandQueueType = .quorum,
        id: UUID = .randomVersion4(),
        timeout: Duration = BloodbankClient.defaultRequestTimeout,
        timeToLive: Duration? = nil,
        correlationIDs: [UUID] = [],
        source: EventSource? = nil
    ) async throws(CommandError) -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        let envelope = makeCommandEnvelope(
            commandType: commandType,
            payload: payload,
            id: id,
            expiresAt: EventTimestamp.now().adding(timeToLive ?? timeout),
            correlationIDs: correlationIDs,
            source: source
        )
        return try await requestCommand(envelope, queueType: queueType, deadline: deadline)
    }

    // MARK: - Internals shared with the legacy bridge

    /// Builds a command envelope, adding the id of the event being handled, if any, to
    /// the correlation ids.
    func makeCommandEnvelope(
        commandType: String,
        payload: JSONValue,
        id: UUID,
        expiresAt: EventTimestamp?,
        correlationIDs: [UUID],
        source: EventSource?
    ) -> EventEnvelope {
        var correlations = correlationIDs
        if let cause = EventContext.causingEventID, !correlations.contains(cause) {
            correlations.append(cause)
        }
        return EventEnvelope(
            commandType: commandType,
            payload: payload,
            commandID: id,
            source: source ?? publisher.defaultSource,
            correlationIDs: correlations,
            expiresAt: expiresAt
        )
    }

    /// Declares the worker queue and publishes a command envelope with confirms.
    func publishCommand(
        _ envelope: EventEnvelope,
        queueType: CommandQueueType,
        expectsReply: Bool,
        timeout: Duration
    ) async throws(CommandError) {
        let commandType = envelope.eventType
        try CommandName.validate(commandType)
        let body: [UInt8]
        do {
            body = try envelope.encoded()
        } catch {
            throw CommandError(
                .invalidCommand,
                "could not encode command \(envelope.eventID.lowercasedText) (\(commandType)): \(error)",
                commandType: commandType,
                commandID: envelope.eventID
            )
        }
        let requester = CommandRequester.shared(for: connection, logger: logger)
        try await requester.declareQueue(commandType: commandType, queueType: queueType)
        try await requester.publish(
            body: body,
            commandType: commandType,
            commandID: envelope.eventID,
            expectsReply: expectsReply,
            timeout: timeout
        )
    }

    /// Publishes a command envelope with a reply address and waits for the reply
    /// until `deadline`; returns the result as JSON.
    ///
    /// - Parameter stored: Called once the broker confirmed the command, before the
    ///   wait for the reply.
    func requestCommand(
        _ envelope: EventEnvelope,
        queueType: CommandQueueType,
        deadline: ContinuousClock.Instant,
        stored: @Sendable () async -> Void = {}
    ) async throws(CommandError) -> JSONValue {
        let commandType = envelope.eventType
        let id = envelope.eventID
        let requester = CommandRequester.shared(for: connection, logger: logger)
        guard requester.register(id) else {
            throw CommandError(
                .invalidCommand,
                "a request for command \(id.lowercasedText) (\(commandType)) is already waiting on this connection; give each request its own id",
                commandType: commandType,
                commandID: id
            )
        }
        let started = ContinuousClock.now
        do {
            try await publishCommand(envelope, queueType: queueType, expectsReply: true, timeout: max(deadline - .now, .milliseconds(1)))
        } catch {
            requester.unregister(id)
            throw error
        }
        await stored()

        let reply: AMQPMessage
        switch await requester.waitForReply(id, until: deadline) {
        case .reply(let message):
            reply = message
        case .timedOut:
            throw CommandError(
                .timedOut,
                "no reply to command \(id.lowercasedText) (\(commandType)) within \(Self.describe(deadline - started)); no worker took it in time. It stays in queue '\(CommandQueue.name(for: commandType))' until a worker takes it and reports it expired, or until the queue is purged",
                commandType: commandType,
                commandID: id
            )
        case .cancelled:
            throw CommandError(.connection, "the request for command \(id.lowercasedText) (\(commandType)) was cancelled", commandType: commandType, commandID: id)
        case .channelEnded(let error):
            throw CommandError.amqp(error, "the channel carrying the request for command \(id.lowercasedText) (\(commandType)) ended before the reply arrived", commandType: commandType, commandID: id)
        }

        let outcomeEnvelope: EventEnvelope
        do {
            outcomeEnvelope = try EventEnvelope.decode(reply.body)
        } catch {
            throw CommandError(
                .invalidReply,
                "the reply to command \(id.lowercasedText) (\(commandType)) is not a valid envelope: \(error)",
                commandType: commandType,
                commandID: id
            )
        }
        return try CommandOutcome.read(outcomeEnvelope, commandType: commandType).result(commandType: commandType, commandID: id)
    }

    static func encodeCommand<C: CommandPayload>(_ command: C, id: UUID) throws(CommandError) -> JSONValue {
        do {
            return try JSONValueEncoder().encode(command)
        } catch {
            throw CommandError(
                .invalidCommand,
                "could not encode the \(C.commandType) payload of command \(id.lowercasedText): \(error)",
                commandType: C.commandType,
                commandID: id
            )
        }
    }

    /// Formats a duration as seconds with up to three decimals, such as `2.5 s`.
    static func describe(_ duration: Duration) -> String {
        let exact = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        // Rounded to 10 ms: the deadline was set a moment before the wait started, so a
        // 3 s timeout would otherwise read as 2.999 s.
        let milliseconds = (exact + 5) / 10 * 10
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
