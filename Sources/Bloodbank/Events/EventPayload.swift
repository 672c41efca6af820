/// A typed event payload: the body of one kind of event.
///
/// Conform a `Codable` struct and give it its event type, which is also the routing key
/// on the events exchange:
///
/// ```swift
/// struct TranscriptReady: EventPayload {
///     static let eventType = "fireflies.transcript.ready"
///     var id: String
///     var transcriptURL: String
///
///     enum CodingKeys: String, CodingKey {
///         case id
///         case transcriptURL = "transcript_url"
///     }
/// }
/// ```
///
/// Payloads are encoded with ``JSONValueEncoder`` and decoded with
/// ``JSONValueDecoder``, so JSON field names come from the coding keys (snake_case on
/// the wire), dates are RFC 3339 strings and UUIDs lower-case text. A field with a
/// default needs a hand-written `init(from:)` that uses `decodeIfPresent`, which also
/// marks the field optional in its ``PayloadSchema``.
///
/// The name is checked against the naming rule when the type is registered in an
/// ``EventRegistry``.
///
/// A type whose routing key carries a payload value writes that segment as `{field}`,
/// such as `agent.{agent_name}.message.received`; see ``RoutingKeyTemplate``. Field
/// constraints, enumerations and the policy for unknown members come from
/// ``ConstrainedFields``.
public protocol EventPayload: Codable, Sendable {
    /// The event type, such as `fireflies.transcript.ready`, or a routing-key
    /// template such as `agent.{agent_name}.message.received`.
    static var eventType: String { get }

    /// Whether ``eventType`` is a legacy name that predates the naming rule and is
    /// allowed by name so that existing peers keep working.
    static var isLegacyName: Bool { get }

    /// The routing key, which is also the envelope's `event_type`: ``eventType`` with
    /// every `{field}` segment filled from this payload.
    ///
    /// The default fills the template from the encoded payload. When a field cannot
    /// fill its segment it returns ``eventType`` unchanged, so publishing fails and
    /// names the field.
    var routingKey: String { get }
}

extension EventPayload {
    /// False, so a payload type follows the naming rule unless it overrides this.
    public static var isLegacyName: Bool { false }

    /// The parsed ``eventType``, parsed once per type.
    public static var routingKeyTemplate: RoutingKeyTemplate {
        RoutingKeyTemplate.parsed(eventType, for: Self.self)
    }

    /// The parsed ``eventType`` when it has field segments, and nil for a plain name,
    /// which is recognized without parsing.
    static var templateWithFields: RoutingKeyTemplate? {
        templateWithFields(of: eventType)
    }

    private static func templateWithFields(of name: String) -> RoutingKeyTemplate? {
        guard RoutingKeyTemplate.mayHaveFields(name) else { return nil }
        let template = RoutingKeyTemplate.parsed(name, for: Self.self)
        return template.hasFields ? template : nil
    }

    /// ``eventType`` with its `{field}` segments filled from this payload.
    public var routingKey: String {
        let name = Self.eventType
        guard let template = Self.templateWithFields(of: name) else { return name }
        guard let json = try? JSONValueEncoder().encode(self), case .object(let object) = json,
              let key = try? template.routingKey(filledFrom: object) else {
            return name
        }
        return key
    }
}
