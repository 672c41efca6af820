#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension EventEnvelope {
    /// The top-level envelope field that carries a command's deadline, as RFC 3339 text.
    ///
    /// The deadline travels in the envelope rather than as the AMQP `expiration`
    /// property, because RabbitMQ drops an expired message silently, and every expired
    /// command must be reported: to the requester and as a `<command_type>.expired` event.
    public static let expiresAtField = "expires_at"

    /// Creates a command envelope: the command type as event type, the command id as
    /// event id, and the deadline in ``expiresAtField`` when there is one.
    public init(
        commandType: String,
        payload: JSONValue,
        commandID: UUID,
        source: EventSource,
        correlationIDs: [UUID] = [],
        expiresAt: EventTimestamp? = nil,
        timestamp: EventTimestamp = .now()
    ) {
        var extraFields = JSONObject()
        if let expiresAt {
            extraFields[Self.expiresAtField] = .string(expiresAt.rfc3339String)
        }
        self.init(
            eventID: commandID,
            eventType: commandType,
            timestamp: timestamp,
            source: source,
            correlationIDs: correlationIDs,
            payload: payload,
            extraFields: extraFields
        )
    }

    /// The command's deadline from ``expiresAtField``: nil when the command never
    /// expires, and ``EventTimestamp/distantPast`` when the field is present but not a
    /// valid RFC 3339 string, so that a garbled deadline is reported as expired rather
    /// than run without limit.
    public var commandExpiresAt: EventTimestamp? {
        guard let value = extraFields[Self.expiresAtField], !value.isNull else { return nil }
        guard let text = value.stringValue, let deadline = EventTimestamp(rfc3339: text) else {
            return .distantPast
        }
        return deadline
    }
}

extension EventEnvelope {
    /// Decodes the payload as the command `C`.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/payloadDecodingFailed``
    ///   and the path of the first field that does not match, such as `payload.number`.
    public func decodeCommand<C: CommandPayload>(_ type: C.Type = C.self) throws(EnvelopeError) -> C {
        do {
            return try JSONValueDecoder().decode(C.self, from: payload)
        } catch {
            throw .payload(error, code: .payloadDecodingFailed)
        }
    }
}

extension EventTimestamp {
    /// The earliest timestamp the wire form can express, 0001-01-01T00:00:00Z.
    public static let distantPast = EventTimestamp(seconds: -62_135_596_800)

    /// Returns this instant moved by `duration`, which may be negative.
    public func adding(_ duration: Duration) -> EventTimestamp {
        let (seconds, attoseconds) = duration.components
        var totalSeconds = self.seconds &+ seconds
        var totalNanoseconds = Int64(nanoseconds) + attoseconds / 1_000_000_000
        if totalNanoseconds < 0 {
            totalNanoseconds += 1_000_000_000
            totalSeconds -= 1
        }
        return EventTimestamp(seconds: totalSeconds, nanoseconds: UInt32(totalNanoseconds))
    }

    /// Returns the time from this instant to `later`, negative when `later` is earlier.
    public func duration(to later: EventTimestamp) -> Duration {
        .seconds(later.seconds - seconds) + .nanoseconds(Int64(later.nanoseconds) - Int64(nanoseconds))
    }
}
