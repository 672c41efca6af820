/// Names and settings of the RabbitMQ objects that Bloodbank and the Python services share.
public enum Topology {
    /// The durable topic exchange every event is published to, with the event type as
    /// routing key. Declared by every client with exactly these settings (durable, not
    /// auto-delete, not internal, no arguments); other settings make RabbitMQ close the
    /// channel with 406.
    public static let eventsExchange = "bloodbank.events.v1"
    /// The durable exchange commands are sent to, bound to their worker queues.
    public static let commandsExchange = "bloodbank.commands.v1"
    /// The `content_type` of every event message.
    public static let contentType = "application/json"
    /// The `content_encoding` of every event message.
    public static let contentEncoding = "utf-8"
    /// How long a publish waits for the broker's confirm unless the caller sets a deadline,
    /// matching the Python publisher's 5 s.
    public static let defaultPublishTimeout: Duration = .seconds(5)
}
