import AMQPClient
import AMQPWire
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Synchronization

/// Publishes events to `bloodbank.events.v1` with publisher confirms.
///
/// Every publish is persistent JSON with `message_id` set to the event id and
/// `mandatory` set, and returns only when the broker has confirmed it. Many tasks may
/// publish at once: their confirms are pipelined on one channel, not serialised. A
/// publish that no queue matches fails with ``BloodbankError/Code/unroutable`` instead
/// of being dropped silently.
public final class Publisher: Sendable {
    let connection: AMQPConnection
    let logger: Logger
    /// Fills in `source` for events published without one.
    public let defaultSource: EventSource
    private let channels: ConfirmChannelProvider
    /// Payload types whose event type already passed the naming rule, so the check runs
    /// once per type instead of on every publish.
    private let checkedTypes = Mutex<Set<ObjectIdentifier>>([])
    /// The outbox that `publish(..., via: .outbox)` writes to; set by
    /// ``BloodbankClient/connect(url:source:logger:outbox:)``.
    let outbox = Mutex<Outbox?>(nil)

    init(connection: AMQPConnection, defaultSource: EventSource, logger: Logger) {
        self.connection = connection
        self.defaultSource = defaultSource
        self.logger = logger
        self.channels = ConfirmChannelProvider(connection: connection, exchange: Topology.eventsExchange)
    }

    /// Wraps `payload` in an envelope and publishes it.
    ///
    /// When called from inside a subscription handler, the handled event's id is added
    /// to `correlationIDs` (see ``EventContext``).
    ///
    /// - Parameters:
    ///   - eventID: The event id; a random UUIDv4 by default. Use
    ///     ``EventID/deterministic(eventType:uniqueKey:namespace:)`` for idempotent producers.
    ///   - timeout: How long to wait for the broker's confirm.
    /// - Returns: The envelope as published.
    /// - Throws: ``BloodbankError`` with code `unroutable`, `nacked`, `timedOut`,
    ///   `invalidEvent` or `connection`.
    @discardableResult
    public func publish<P: EventPayload>(
        _ payload: P,
        correlationIDs: [UUID] = [],
        eventID: UUID = .randomVersion4(),
        source: EventSource? = nil,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(BloodbankError) -> EventEnvelope {
        let envelope = try makeEnvelope(payload, correlationIDs: correlationIDs, eventID: eventID, source: source)
        try await publish(envelope, routingKey: envelope.eventType, timeout: timeout)
        return envelope
    }

    /// Wraps `payload` in an envelope with the default source and the causing event of the
    /// current handler, after checking its event type against the naming rule.
    func makeEnvelope<P: EventPayload>(
        _ payload: P,
        correlationIDs: [UUID],
        eventID: UUID,
        source: EventSource?
    ) throws(BloodbankError) -> EventEnvelope {
        try checkName(P.self)
        var correlations = correlationIDs
        if let cause = EventContext.causingEventID, !correlations.contains(cause) {
            correlations.append(cause)
        }
        do {
            return try EventEnvelope(
                payload: payload,
                source: source ?? defaultSource,
                correlationIDs: correlations,
                eventID: eventID
            )
        } catch {
            throw BloodbankError(.invalidEvent, "could not encode the \(P.eventType) payload: \(error)", eventID: eventID.lowercasedString)
        }
    }

    /// Publishes an envelope as given, with its event type as routing key unless
    /// `routingKey` overrides it (for types whose routing key carries a name segment).
    public func publish(
        _ envelope: EventEnvelope,
        routingKey: String? = nil,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(BloodbankError) {
        let body: [UInt8]
        do {
            body = try envelope.encoded()
        } catch {
            throw BloodbankError(.invalidEvent, "could not encode the envelope: \(error)", eventID: envelope.eventID.lowercasedString)
        }
        try await publish(
            body: body,
            routingKey: routingKey ?? envelope.eventType,
            eventID: envelope.eventID.lowercasedString,
            timeout: timeout
        )
    }

    /// Publishes an already encoded body with Bloodbank's message properties. This is
    /// the path for relaying envelopes byte for byte and for measuring the AMQP cost
    /// without JSON encoding.
    public func publish(
        body: [UInt8],
        routingKey: String,
        eventID: String,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(BloodbankError) {
        let channel: AMQPChannel
        do {
            channel = try await channels.channel()
        } catch {
            throw BloodbankError.amqp(error, "could not open a publishing channel", eventID: eventID)
        }
        let outcome: PublishConfirmation
        do {
            outcome = try await channel.basicPublish(
                exchange: Topology.eventsExchange,
                routingKey: routingKey,
                body: body,
                properties: Self.properties(eventID: eventID),
                mandatory: true,
                timeout: timeout
            )
        } catch {
            throw BloodbankError.amqp(error, "publishing event \(eventID) to '\(routingKey)' failed", eventID: eventID)
        }
        try Self.check(outcome, routingKey: routingKey, eventID: eventID)
    }

    private static func properties(eventID: String) -> AMQPBasicProperties {
        AMQPBasicProperties(
            contentType: Topology.contentType,
            contentEncoding: Topology.contentEncoding,
            deliveryMode: 2,
            messageID: eventID
        )
    }

    /// Throws for a publish the broker did not accept.
    ///
    /// Kept out of line: its error values would otherwise take space in the async frame
    /// of every publishing task.
    @inline(never)
    private static func check(_ outcome: PublishConfirmation, routingKey: String, eventID: String) throws(BloodbankError) {
        switch outcome {
        case .acked, .sent:
            return
        case .nacked:
            throw BloodbankError(
                .nacked,
                "the broker rejected event \(eventID) (basic.nack); it was not stored, so publish it again",
                eventID: eventID
            )
        case .returned(let returned):
            throw BloodbankError(
                .unroutable,
                "no queue is bound for routing key '\(routingKey)', so the broker returned event \(eventID) (\(returned.replyCode) \(returned.replyText)); start a subscriber or bind a queue first",
                eventID: eventID
            )
        }
    }

    /// Rejects a payload type whose event type breaks the naming rule (legacy names pass).
    private func checkName<P: EventPayload>(_ type: P.Type) throws(BloodbankError) {
        let identifier = ObjectIdentifier(type)
        if checkedTypes.withLock({ $0.contains(identifier) }) { return }
        do {
            try EventName.validate(type)
        } catch {
            throw BloodbankError(.invalidEventType, "cannot publish \(P.eventType): \(error)")
        }
        checkedTypes.withLock { _ = $0.insert(identifier) }
    }

    /// Closes the publishing channel.
    func close() async {
        await channels.close()
    }
}

/// Opens a confirm-mode channel on first use, declares the exchange once, and opens a
/// new channel when the broker closed the previous one.
final class ConfirmChannelProvider: Sendable {
    private enum State {
        case idle
        case opening([CheckedContinuation<Result<AMQPChannel, AMQPClientError>, Never>])
        case ready(AMQPChannel)
    }

    private let connection: AMQPConnection
    private let exchange: String
    private let state = Mutex<State>(.idle)

    init(connection: AMQPConnection, exchange: String) {
        self.connection = connection
        self.exchange = exchange
    }

    func channel() async throws(AMQPClientError) -> AMQPChannel {
        enum Step {
            case use(AMQPChannel)
            case open
            case wait
        }
        // The channel's own state is checked outside this lock: `isOpen` takes the
        // connection's lock, and holding both on every publish made 1,000 publishing
        // tasks contend here.
        let cached = state.withLock { state -> AMQPChannel? in
            if case .ready(let channel) = state { return channel }
            return nil
        }
        if let cached, cached.isOpen { return cached }
        let step = state.withLock { state -> Step in
            switch state {
            case .ready(let channel) where channel != cached:
                return .use(channel)
            case .opening:
                return .wait
            case .idle, .ready:
                state = .opening([])
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
                    switch state {
                    case .opening(var waiters):
                        waiters.append(continuation)
                        state = .opening(waiters)
                        return nil
                    case .ready(let channel):
                        return .success(channel)
                    case .idle:
                        return .failure(AMQPClientError(.channelClosed, "the publishing channel could not be opened"))
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
            return try result.get()
        }
    }

    private func openChannel() async -> Result<AMQPChannel, AMQPClientError> {
        let result: Result<AMQPChannel, AMQPClientError>
        do {
            let channel = try await connection.openChannel()
            try await channel.exchangeDeclare(exchange, type: "topic", durable: true)
            try await channel.confirmSelect()
            result = .success(channel)
        } catch {
            result = .failure(error)
        }
        let waiters = state.withLock { state -> [CheckedContinuation<Result<AMQPChannel, AMQPClientError>, Never>] in
            guard case .opening(let waiters) = state else { return [] }
            switch result {
            case .success(let channel): state = .ready(channel)
            case .failure: state = .idle
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
        return result
    }

    func close() async {
        let channel = state.withLock { state -> AMQPChannel? in
            guard case .ready(let channel) = state else { return nil }
            state = .idle
            return channel
        }
        await channel?.close()
    }
}

extension UUID {
    /// The UUID in the lower-case form the wire contract requires.
    var lowercasedString: String { uuidString.lowercased() }
}
