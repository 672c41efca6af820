/// A typed event payload: the body of one kind of event.
///
/// Conform a `Codable` struct and give it its event type, which is also the routing key
/// on the events exchange:
///
/// ```swift
/// struct TranscriptReady: EventPayload {
///     static let eventType = "fireflies.transcript.ready"
///     var id: String
///     var title: String
/// }
/// ```
///
/// The name is checked against the naming rule when the type is registered.
public protocol EventPayload: Codable, Sendable {
    /// The event type, such as `fireflies.transcript.ready`.
    static var eventType: String { get }

    /// Whether ``eventType`` is a legacy name that predates the naming rule and is
    /// allowed by name so that existing peers keep working.
    static var isLegacyName: Bool { get }
}

extension EventPayload {
    public static var isLegacyName: Bool { false }
}
