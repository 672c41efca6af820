#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension EventEnvelope {
    /// Creates an envelope around a typed payload, with `P.eventType` as event type.
    ///
    /// The payload is encoded with ``JSONValueEncoder``: snake_case keys from its
    /// coding keys, nil optionals as null, dates in RFC 3339 and UUIDs in lower case.
    /// The name is not checked here; register the type in an ``EventRegistry`` to
    /// check it.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/payloadEncodingFailed``
    ///   and the field path when the payload contains NaN, an infinity or an unsigned
    ///   integer above `Int64.max`.
    public init<P: EventPayload>(
        payload: P,
        source: EventSource,
        correlationIDs: [UUID] = [],
        agentContext: AgentContext? = nil,
        eventID: UUID = UUID(),
        timestamp: EventTimestamp = .now(),
        version: String = EventEnvelope.currentVersion
    ) throws(EnvelopeError) {
        let json: JSONValue
        do {
            json = try JSONValueEncoder().encode(payload)
        } catch {
            throw .payload(error, code: .payloadEncodingFailed)
        }
        self.init(
            eventID: eventID,
            eventType: P.eventType,
            timestamp: timestamp,
            version: version,
            source: source,
            correlationIDs: correlationIDs,
            agentContext: agentContext,
            payload: json
        )
    }

    /// Decodes the payload as `P` straight from the parsed tree.
    ///
    /// The event type is not compared with `P.eventType`, so a type can also read
    /// payloads published under other names, such as the legacy `llm.*` types.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/payloadDecodingFailed``
    ///   and the path of the first field that does not match, such as
    ///   `payload.sentences[3].text`.
    public func decodePayload<P: EventPayload>(_ type: P.Type = P.self) throws(EnvelopeError) -> P {
        do {
            return try JSONValueDecoder().decode(P.self, from: payload)
        } catch {
            throw .payload(error, code: .payloadDecodingFailed)
        }
    }
}
