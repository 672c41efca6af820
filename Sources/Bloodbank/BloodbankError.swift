public import AMQPClient

/// An error from the Bloodbank layer: publishing, subscribing or decoding events.
///
/// ``description`` is one sentence that names what failed and never contains a password
/// or a message body. AMQP failures keep the client error in ``underlying``.
public struct BloodbankError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }

        /// No queue is bound for the event's routing key, so the broker returned it.
        public static let unroutable = Code("unroutable")
        /// The broker refused responsibility for the message (`basic.nack`).
        public static let nacked = Code("nacked")
        /// The broker did not confirm the publish before its deadline.
        public static let timedOut = Code("timedOut")
        /// An event type name breaks the naming rule, or is not registered.
        public static let invalidEventType = Code("invalidEventType")
        /// A payload or envelope could not be encoded or decoded.
        public static let invalidEvent = Code("invalidEvent")
        /// The connection or a channel failed; ``underlying`` has the AMQP error.
        public static let connection = Code("connection")
        /// The subscription ended because the broker cancelled its consumer.
        public static let subscriptionCancelled = Code("subscriptionCancelled")
        /// A local SQLite database (the outbox or a de-duplication store) failed.
        public static let storage = Code("storage")

        public var description: String { name }
    }

    public var code: Code
    /// The failure, in one sentence.
    public var message: String
    /// The event involved, when there is one.
    public var eventID: String?
    /// The AMQP error behind a connection failure.
    public var underlying: AMQPClientError?

    public init(_ code: Code, _ message: String, eventID: String? = nil, underlying: AMQPClientError? = nil) {
        self.code = code
        self.message = message
        self.eventID = eventID
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let underlying, !message.contains(underlying.description) {
            text += ": \(underlying.description)"
        }
        return text
    }

    /// Wraps an AMQP client error, keeping timeouts and cancellations recognisable.
    static func amqp(_ error: AMQPClientError, _ context: String, eventID: String? = nil) -> BloodbankError {
        let code: Code
        switch error.code {
        case .timedOut: code = .timedOut
        case .consumerCancelled: code = .subscriptionCancelled
        default: code = .connection
        }
        return BloodbankError(code, context, eventID: eventID, underlying: error)
    }
}
