import Synchronization

/// An event type name whose routing key carries payload values as segments, such as
/// `agent.{agent_name}.message.received`.
///
/// Some producers put a name into the routing key so that consumers can bind to one
/// agent (`agent.cack.#`) or to one action of every agent (`agent.*.message.received`).
/// A payload type declares this by giving a template as its
/// ``EventPayload/eventType``. When the event is published, a segment written `{field}`
/// is filled from the payload's top-level string field of that name. The envelope's
/// `event_type` is then the filled routing key, as the wire contract requires.
/// A name without braces is a template with no fields and routes as it is written.
public struct RoutingKeyTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One dot-separated part of a template.
    public enum Segment: Sendable, Hashable {
        /// A segment written as it is, such as `agent`.
        case literal(String)
        /// A segment filled from the payload field with this name, such as `agent_name`.
        case field(String)
    }

    /// The segments in routing-key order.
    public var segments: [Segment]

    /// Parses `template`, where a segment of the form `{name}` becomes a field segment.
    public init(_ template: String) {
        segments = template.split(separator: ".", omittingEmptySubsequences: false).map { part in
            if part.count > 2, part.hasPrefix("{"), part.hasSuffix("}") {
                return .field(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The template as written, such as `agent.{agent_name}.message.received`.
    public var description: String {
        segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .field(let name): return "{\(name)}"
            }
        }.joined(separator: ".")
    }

    /// The names of the payload fields the template reads, in routing-key order.
    public var fieldNames: [String] {
        segments.compactMap { segment in
            if case .field(let name) = segment { return name }
            return nil
        }
    }

    /// Whether any segment is filled from the payload.
    public var hasFields: Bool {
        !fieldNames.isEmpty
    }

    /// The binding pattern that matches every routing key of the template, with `*`
    /// for each field segment, such as `agent.*.message.received`.
    public var bindingPattern: String {
        segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .field: return "*"
            }
        }.joined(separator: ".")
    }

    /// Returns the template with every field segment replaced by `value`, to check the
    /// literal segments against the naming rule.
    func filledForChecking(with value: String) -> String {
        segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .field: return value
            }
        }.joined(separator: ".")
    }

    /// Builds the routing key from the payload's top-level fields.
    ///
    /// - Throws: ``EventNameError`` when a field is absent, not a string, or not a
    ///   valid routing-key segment (lower-case `[a-z0-9_-]`, non-empty, no dots), or
    ///   when the result breaks the naming rule.
    public func routingKey(filledFrom payload: JSONObject) throws(EventNameError) -> String {
        var parts: [String] = []
        for segment in segments {
            switch segment {
            case .literal(let text):
                parts.append(text)
            case .field(let name):
                guard let value = payload[name]?.stringValue else {
                    throw EventNameError(
                        code: .invalidSegmentValue,
                        name: description,
                        field: name,
                        reason: "the routing key needs the payload field \"\(name)\" as a string, found \(payload[name]?.kindDescription ?? "nothing")"
                    )
                }
                guard Self.isValidSegment(value) else {
                    throw EventNameError(
                        code: .invalidSegmentValue,
                        name: description,
                        field: name,
                        reason: "the payload field \"\(name)\" is \(JSONValue.string(value).excerpt), which is not a routing-key segment of lower-case [a-z0-9_-] characters"
                    )
                }
                parts.append(value)
            }
        }
        let key = parts.joined(separator: ".")
        try EventName.validate(key)
        return key
    }

    /// Returns the field values that `routingKey` carries, by field name, or nil when
    /// the key does not match the template.
    public func match(_ routingKey: String) -> [String: String]? {
        let parts = routingKey.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return nil }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .field(let name):
                guard Self.isValidSegment(String(part)) else { return nil }
                values[name] = String(part)
            }
        }
        return values
    }

    /// Returns whether `text` is one routing-key segment: non-empty lower-case `[a-z0-9_-]`.
    static func isValidSegment(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}

extension RoutingKeyTemplate {
    /// The templates of payload types parsed so far, by type, with the name each was
    /// parsed from.
    private static let parsedByType = Mutex<[ObjectIdentifier: (name: String, template: RoutingKeyTemplate)]>([:])

    /// Returns whether `name` may have a field segment, which needs a `{`; false rules
    /// out fields without parsing.
    static func mayHaveFields(_ name: String) -> Bool {
        let found = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains(UInt8(ascii: "{"))
        }
        return found ?? name.utf8.contains(UInt8(ascii: "{"))
    }

    /// Returns the template of the payload type `type`, whose event type is `name`,
    /// parsing it on the type's first use and again only if the name changes.
    static func parsed(_ name: String, for type: any EventPayload.Type) -> RoutingKeyTemplate {
        let key = ObjectIdentifier(type)
        if let cached = parsedByType.withLock({ $0[key] }), cached.name == name {
            return cached.template
        }
        let template = RoutingKeyTemplate(name)
        parsedByType.withLock { $0[key] = (name, template) }
        return template
    }
}
