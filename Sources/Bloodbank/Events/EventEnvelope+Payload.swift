#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension EventEnvelope {
    /// Creates an envelope around a typed payload, with `payload.routingKey` as event
    /// type.
    ///
    /// The payload is encoded as ``JSONValueEncoder`` encodes it: snake_case keys from
    /// its coding keys, nil optionals as null, dates in RFC 3339 and UUIDs in lower
    /// case. The envelope keeps the payload as JSON text when the payload's
    /// `encode(to:)` fills its containers in order, as synthesized conformances do, so
    /// that ``encoded()`` copies the text instead of writing a tree.
    /// The event type is `P.eventType`, or for a routing-key template such as
    /// `agent.{agent_name}.status` the template filled from the payload, such as
    /// `agent.cack.status`. A plain name is not checked here; register the type in an
    /// ``EventRegistry`` to check it.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/payloadEncodingFailed``
    ///   and the field path when the payload contains NaN, an infinity or an unsigned
    ///   integer above `Int64.max`, or when a template field cannot fill its routing-key
    ///   segment.
    public init<P: EventPayload>(
        payload: P,
        source: EventSource,
        correlationIDs: [UUID] = [],
        agentContext: AgentContext? = nil,
        eventID: UUID = .randomVersion4(),
        timestamp: EventTimestamp = .now(),
        version: String = EventEnvelope.currentVersion
    ) throws(EnvelopeError) {
        let storage: PayloadStorage
        do {
            if let text = try JSONStreamingEncoder().encode(payload) {
                storage = .text(text)
            } else {
                storage = .tree(try JSONValueEncoder().encode(payload))
            }
        } catch {
            throw .payload(error, code: .payloadEncodingFailed)
        }
        self.init(
            eventID: eventID,
            eventType: try Self.routingKey(of: payload, encoded: storage),
            timestamp: timestamp,
            version: version,
            source: source,
            correlationIDs: correlationIDs,
            agentContext: agentContext,
            payloadStorage: storage,
            extraFields: JSONObject()
        )
    }

    /// Returns `payload.routingKey` after checking that it fills the type's template.
    private static func routingKey<P: EventPayload>(of payload: P, encoded storage: PayloadStorage) throws(EnvelopeError) -> String {
        guard let template = P.templateWithFields else { return payload.routingKey }
        let key = payload.routingKey
        if template.match(key) != nil {
            return key
        }
        // The key is not a filled template: building it again reports the field at fault.
        do {
            _ = try template.routingKey(filledFrom: storage.value.objectValue ?? JSONObject())
        } catch {
            let path = JSONPath([.key("payload")] + (error.field.map { [.key($0)] } ?? []))
            throw EnvelopeError(code: .payloadEncodingFailed, path: path, detail: error.reason)
        }
        throw EnvelopeError(
            code: .payloadEncodingFailed,
            path: JSONPath([.key("payload")]),
            detail: "the routing key \(JSONValue.string(key).excerpt) does not match the template \(template)"
        )
    }

    /// Decodes the payload as `P` straight from the parsed tree, after checking it
    /// against `P`'s shape and constraints.
    ///
    /// The event type is not compared with `P.eventType`, so a type can also read
    /// payloads published under other names, such as the legacy `llm.*` types.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/payloadDecodingFailed``.
    ///   Its detail lists every issue with its path, such as `payload.sentences[3].text`;
    ///   its path is the field's when there is one issue and `payload` otherwise. Use
    ///   ``validatedPayload(_:)`` for the issues as values.
    public func decodePayload<P: EventPayload>(_ type: P.Type = P.self) throws(EnvelopeError) -> P {
        do {
            return try validatedPayload(P.self)
        } catch {
            guard error.code == .invalidValue, let first = error.issues.first else {
                throw EnvelopeError(code: .payloadDecodingFailed, path: JSONPath([.key("payload")]), detail: error.description)
            }
            if error.issues.count == 1 {
                let detail = first.code == .missingField ? "missing required field, expected \(first.expected)" : "expected \(first.expected), found \(first.found)"
                throw EnvelopeError(code: .payloadDecodingFailed, path: first.path, detail: detail)
            }
            let detail = "\(error.issues.count) validation errors: " + error.issues.map(\.description).joined(separator: "; ")
            throw EnvelopeError(code: .payloadDecodingFailed, path: JSONPath([.key("payload")]), detail: detail)
        }
    }

    /// Checks the payload against `P` and decodes it, reporting every issue at once.
    ///
    /// - Throws: ``ValidationError`` whose issues have paths under `payload`, such as
    ///   `payload.notes_preview`.
    public func validatedPayload<P: EventPayload>(_ type: P.Type = P.self) throws(ValidationError) -> P {
        do {
            return try PayloadValidator.decode(P.self, from: payload)
        } catch {
            var prefixed = error
            prefixed.issues = error.issues.map { $0.prefixed(by: JSONPath([.key("payload")])) }
            throw prefixed
        }
    }
}
