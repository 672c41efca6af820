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
public protocol EventPayload: Codable, Sendable {
    /// The event type, such as `fireflies.transcript.ready`.
    static var eventType: String { get }

    /// Whether ``eventType`` is a legacy name that predates the naming rule and is
    /// allowed by name so that existing peers keep working.
    static var isLegacyName: Bool { get }
}

extension EventPayload {
    /// False, so a payload type follows the naming rule unless it overrides this.
    public static var isLegacyName: Bool { false }
}
