import AMQPWire

/// An error from the AMQP client: a failed connection, a close by the broker, a timeout,
/// or an invalid argument.
///
/// ``description`` is one sentence that never contains a password or a message body.
/// Broker closes carry the reply code and text and, when the broker named it, the method
/// that caused the close.
public struct AMQPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }

        /// The URL or configuration is invalid.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The TCP connection or the AMQP handshake failed.
        public static let connectionFailed = Code("connectionFailed")
        /// The broker rejected the user name or password.
        public static let authenticationFailed = Code("authenticationFailed")
        /// The connection was closed, by the broker, by this client, or by a network failure.
        public static let connectionClosed = Code("connectionClosed")
        /// The broker sent no frame for two heartbeat intervals.
        public static let heartbeatTimeout = Code("heartbeatTimeout")
        /// The channel was closed, by the broker (with a reply code) or by this client.
        public static let channelClosed = Code("channelClosed")
        /// An operation did not complete before its deadline.
        public static let timedOut = Code("timedOut")
        /// The broker sent bytes that are not valid AMQP 0-9-1, or a frame out of order.
        public static let protocolError = Code("protocolError")
        /// The broker cancelled a consumer, for example because its queue was deleted.
        public static let consumerCancelled = Code("consumerCancelled")
        /// Every channel number allowed by the broker's `channel-max` is in use.
        public static let tooManyChannels = Code("tooManyChannels")
        /// An argument cannot be sent, such as a short string over 255 bytes.
        public static let invalidArgument = Code("invalidArgument")
        /// The task waiting for the operation was cancelled.
        public static let cancelled = Code("cancelled")
        /// The broker blocked publishing (a memory or disk alarm) past the deadline.
        public static let blocked = Code("blocked")

        public var description: String { name }
    }

    public var code: Code
    /// What failed, in one sentence, without secrets or message bodies.
    public var message: String
    /// The AMQP reply code, for closes initiated by the broker.
    public var replyCode: UInt16?
    /// The broker's reply text, for closes initiated by the broker.
    public var replyText: String?
    /// The method that caused a broker close, such as `queue.declare`, when the broker named one.
    public var causingMethod: String?
    /// The channel involved, when the error concerns one channel.
    public var channel: UInt16?

    public init(
        _ code: Code,
        _ message: String,
        replyCode: UInt16? = nil,
        replyText: String? = nil,
        causingMethod: String? = nil,
        channel: UInt16? = nil
    ) {
        self.code = code
        self.message = message
        self.replyCode = replyCode
        self.replyText = replyText
        self.causingMethod = causingMethod
        self.channel = channel
    }

    public var description: String {
        var text = message
        if let replyCode {
            text += " (\(replyCode)"
            if let replyText, !replyText.isEmpty { text += " \(replyText)" }
            text += ")"
        }
        if let causingMethod { text += " in reply to \(causingMethod)" }
        return text
    }

    /// Makes the error for a `connection.close` or `channel.close` sent by the broker.
    static func closedByBroker(
        _ code: Code,
        _ close: AMQPMethod.Connection.Close,
        channel: UInt16? = nil
    ) -> AMQPClientError {
        let subject = channel.map { "channel \($0)" } ?? "the connection"
        return AMQPClientError(
            code,
            "the broker closed \(subject)",
            replyCode: close.replyCode,
            replyText: close.replyText,
            causingMethod: MethodNames.name(classID: close.classID, methodID: close.methodID),
            channel: channel
        )
    }

    /// Wraps a codec error from the peer's bytes.
    static func wire(_ error: AMQPWireError) -> AMQPClientError {
        AMQPClientError(.protocolError, error.description, replyCode: error.replyCode)
    }
}

/// Names of methods by class and method id, for error messages.
enum MethodNames {
    static func name(classID: UInt16, methodID: UInt16) -> String? {
        guard classID != 0 else { return nil }
        let className: String
        switch classID {
        case 10: className = "connection"
        case 20: className = "channel"
        case 40: className = "exchange"
        case 50: className = "queue"
        case 60: className = "basic"
        case 85: className = "confirm"
        case 90: className = "tx"
        default: return "class \(classID) method \(methodID)"
        }
        let methods: [UInt16: String]
        switch classID {
        case 10: methods = [10: "start", 11: "start-ok", 30: "tune", 31: "tune-ok", 40: "open", 50: "close"]
        case 20: methods = [10: "open", 20: "flow", 40: "close"]
        case 40: methods = [10: "declare", 20: "delete", 30: "bind", 40: "unbind"]
        case 50: methods = [10: "declare", 20: "bind", 30: "purge", 40: "delete", 50: "unbind"]
        case 60:
            methods = [10: "qos", 20: "consume", 30: "cancel", 40: "publish", 70: "get", 80: "ack", 90: "reject", 110: "recover", 120: "nack"]
        case 85: methods = [10: "select"]
        default: methods = [10: "select", 20: "commit", 30: "rollback"]
        }
        return "\(className).\(methods[methodID] ?? "method \(methodID)")"
    }
}
