#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension EventEnvelope {
    /// Parses a message body and reads the envelope in it.
    ///
    /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/invalidJSON`` for a
    ///   body that is not JSON, or as ``init(json:)`` does.
    public static func decode(_ bytes: some Collection<UInt8>) throws(EnvelopeError) -> EventEnvelope {
        if let direct = bytes.withContiguousStorageIfAvailable({ readDirectly($0) }), let direct {
            return direct
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw .invalidJSON(error)
        }
        return try EventEnvelope(json: json)
    }

    /// Reads an envelope from a parsed JSON object, accepting every shape seen on the
    /// exchange.
    ///
    /// - `event_id`, `timestamp`, `version` and `correlation_ids` may be absent or
    ///   null and then take their defaults: a random UUIDv4, the current time,
    ///   `1.0.0` and no parents. UUIDs are read in any letter case.
    /// - Dialect B: `causation_id` (the immediate parent) and `correlation_id` (the
    ///   trace root) are merged into ``correlationIDs``, causation first, after any
    ///   `correlation_ids` entries and without duplicates. They are not kept as extra
    ///   fields, because the writer must not produce dialect B. A `producer` key is
    ///   kept in ``extraFields``.
    /// - `source` may be an object or a string. In an object, `type` wins over the
    ///   dialect B `trigger_type`, which is mapped by
    ///   ``TriggerType/init(dialectBTriggerType:)``; `host` may be absent only in
    ///   dialect B and is then ``EventSource/unknownHost``. A string is `app/host`,
    ///   split at the first `/`, or a bare app name with an unknown host; its type is
    ///   ``TriggerType/manual``.
    /// - `agent_context` may be absent or null.
    /// - Any other top-level key is kept in ``extraFields``.
    ///
    /// - Throws: ``EnvelopeError`` naming the first field that is missing or invalid.
    public init(json: JSONValue) throws(EnvelopeError) {
        guard case .object(let object) = json else {
            throw .invalid(.root, expected: "a JSON object", found: json)
        }

        var fields = ReadFields()
        for member in object {
            let value = member.value
            switch EnvelopeKey(member.key) {
            case .eventID:
                fields.eventID = try Self.readOptionalUUID(value, at: JSONPath([.key("event_id")]))
            case .eventType:
                fields.eventType = try Self.readString(value, at: JSONPath([.key("event_type")]))
            case .timestamp:
                fields.timestamp = try Self.readOptionalTimestamp(value, at: JSONPath([.key("timestamp")]))
            case .version:
                fields.version = try Self.readOptionalString(value, at: JSONPath([.key("version")]))
            case .source:
                fields.source = try Self.readSource(value, at: JSONPath([.key("source")]))
            case .correlationIDs:
                fields.correlationIDs = try Self.readUUIDArray(value, at: JSONPath([.key("correlation_ids")]))
            case .causationID:
                fields.causationID = try Self.readOptionalUUID(value, at: JSONPath([.key("causation_id")]))
            case .traceRootID:
                fields.traceRootID = try Self.readOptionalUUID(value, at: JSONPath([.key("correlation_id")]))
            case .agentContext:
                fields.agentContext = try Self.readAgentContext(value, at: JSONPath([.key("agent_context")]))
            case .payload:
                fields.payload = value
            case .extra:
                fields.extraFields.appendNew(key: member.key, value: value)
            }
        }

        guard fields.eventType != nil else {
            throw .missing(JSONPath([.key("event_type")]), expected: "a string")
        }
        guard fields.source != nil else {
            throw .missing(JSONPath([.key("source")]), expected: "an object or a string")
        }
        guard let envelope = fields.envelope() else {
            throw .missing(JSONPath([.key("payload")]), expected: "any JSON value")
        }
        self = envelope
    }

    /// The fields of an envelope as a reader finds them, before defaults apply.
    struct ReadFields {
        var eventID: UUID?
        var eventType: String?
        var timestamp: EventTimestamp?
        var version: String?
        var source: EventSource?
        var correlationIDs: [UUID] = []
        var causationID: UUID?
        var traceRootID: UUID?
        var agentContext: AgentContext?
        var payload: JSONValue?
        var extraFields = JSONObject()

        /// Returns the envelope, or nil when `event_type`, `source` or `payload` is
        /// missing.
        ///
        /// Absent fields take their defaults, and the dialect B parents are merged into
        /// the correlation ids, causation first, without duplicates.
        func envelope() -> EventEnvelope? {
            guard let eventType, let source, let payload else { return nil }
            var correlationIDs = correlationIDs
            if let causationID, !correlationIDs.contains(causationID) {
                correlationIDs.append(causationID)
            }
            if let traceRootID, !correlationIDs.contains(traceRootID) {
                correlationIDs.append(traceRootID)
            }
            return EventEnvelope(
                eventID: eventID ?? UUID.randomVersion4(),
                eventType: eventType,
                timestamp: timestamp ?? .now(),
                version: version ?? EventEnvelope.currentVersion,
                source: source,
                correlationIDs: correlationIDs,
                agentContext: agentContext,
                payload: payload,
                extraFields: extraFields
            )
        }
    }

    /// The top-level keys that the reader recognizes; the raw values number them.
    enum EnvelopeKey: Int {
        case eventID, eventType, timestamp, version, source, correlationIDs, causationID, traceRootID, agentContext
        case payload, extra

        /// Classifies `key`, comparing its length first so that most candidates are
        /// ruled out without a string comparison.
        init(_ key: String) {
            switch key.utf8.count {
            case 6 where key == "source": self = .source
            case 7 where key == "payload": self = .payload
            case 7 where key == "version": self = .version
            case 8 where key == "event_id": self = .eventID
            case 9 where key == "timestamp": self = .timestamp
            case 10 where key == "event_type": self = .eventType
            case 12 where key == "causation_id": self = .causationID
            case 13 where key == "agent_context": self = .agentContext
            case 14 where key == "correlation_id": self = .traceRootID
            case 15 where key == "correlation_ids": self = .correlationIDs
            default: self = .extra
            }
        }
    }

    // MARK: Field readers

    static func readString(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> String {
        guard case .string(let string) = value else {
            throw .invalid(path(), expected: "a string", found: value)
        }
        return string
    }

    static func readOptionalString(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> String? {
        if value.isNull { return nil }
        return try readString(value, at: path())
    }

    static func readUUID(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> UUID {
        guard case .string(let string) = value, let uuid = UUID(jsonText: string) else {
            throw .invalid(path(), expected: "a UUID string", found: value)
        }
        return uuid
    }

    static func readOptionalUUID(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> UUID? {
        if value.isNull { return nil }
        return try readUUID(value, at: path())
    }

    static func readUUIDArray(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> [UUID] {
        if value.isNull { return [] }
        guard case .array(let elements) = value else {
            throw .invalid(path(), expected: "an array of UUID strings", found: value)
        }
        var ids: [UUID] = []
        ids.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            ids.append(try readUUID(element, at: path().appending(index: index)))
        }
        return ids
    }

    static func readOptionalStringArray(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> [String]? {
        if value.isNull { return nil }
        guard case .array(let elements) = value else {
            throw .invalid(path(), expected: "an array of strings or null", found: value)
        }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            strings.append(try readString(element, at: path().appending(index: index)))
        }
        return strings
    }

    static func readOptionalObject(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> JSONObject? {
        switch value {
        case .null:
            return nil
        case .object(let object):
            return object
        case .bool, .int, .double, .string, .array:
            throw .invalid(path(), expected: "an object or null", found: value)
        }
    }

    static func readOptionalTimestamp(_ value: JSONValue, at path: @autoclosure () -> JSONPath) throws(EnvelopeError) -> EventTimestamp? {
        if value.isNull { return nil }
        guard case .string(let string) = value, let timestamp = EventTimestamp(rfc3339: string) else {
            throw .invalid(path(), expected: "an RFC 3339 date-time such as 2026-01-27T10:00:00.123456Z", found: value)
        }
        return timestamp
    }
}
