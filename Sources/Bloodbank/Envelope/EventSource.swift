/// The producer of an event: the `source` object of the envelope.
public struct EventSource: Sendable, Hashable {
    /// The host name written when a producer did not name its machine, as with a
    /// `source` given as a bare application name.
    public static let unknownHost = "unknown"

    /// The machine that produced the event.
    public var host: String
    /// The trigger type, such as manual or webhook.
    public var type: TriggerType
    /// The producing application's name, if given.
    public var app: String?
    /// Free-form context from the producer, if given.
    public var meta: JSONObject?

    /// Creates a source.
    public init(host: String, type: TriggerType, app: String? = nil, meta: JSONObject? = nil) {
        self.host = host
        self.type = type
        self.app = app
        self.meta = meta
    }
}
