public import Bloodbank

/// A webhook call from Plane, relayed as it arrived.
///
/// Published as `webhook.plane.<event>`, with the segment from the `event` field, so a
/// payload without `event` can be read but not published.
public struct PlaneWebhookReceived: EventPayload, Hashable {
    /// The routing-key template `webhook.plane.{event}`, filled from the payload when published.
    public static let eventType = "webhook.plane.{event}"

    /// The webhook provider, always `plane`.
    public var provider: String
    /// The Plane event name, such as `issue`, which is also a routing-key segment.
    public var event: String?
    /// The HTTP path the webhook was received on.
    public var path: String
    /// The request body: its JSON, or `{"raw": "<text>"}` when it was not JSON.
    public var body: JSONValue

    enum CodingKeys: String, CodingKey {
        case provider
        case event
        case path
        case body
    }

    /// Creates the payload.
    public init(
        provider: String,
        event: String? = nil,
        path: String,
        body: JSONValue
    ) {
        self.provider = provider
        self.event = event
        self.path = path
        self.body = body
    }
}

extension PlaneWebhookReceived: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .provider: [.oneOf(["plane"])],
    ])
}
