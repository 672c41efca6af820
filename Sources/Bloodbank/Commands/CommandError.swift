public import AMQPClient
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An error from sending, requesting or serving a command.
///
/// ``description`` names the command type and id and never contains a payload or a
/// password. When a worker reported the failure, ``failure`` holds its code, message
/// and whether a retry may help.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The name of the code, such as `timedOut`.
        public let name: String
        private init(_ name: String) { self.name = name }

        /// The worker ran the command and reported a failure; see ``CommandError/failure``.
        public static let failed = Code("failed")
        /// The command's time to live ran out before a worker started it, so it was not run.
        public static let expired = Code("expired")
        /// No reply arrived before the deadline; the command may still run later.
        public static let timedOut = Code("timedOut")
        /// No queue is bound for the command type, so the broker returned the command.
        public static let unroutable = Code("unroutable")
        /// The broker refused responsibility for the command (`basic.nack`).
        public static let nacked = Code("nacked")
        /// The command type breaks the naming rule, or the payload cannot be encoded.
        public static let invalidCommand = Code("invalidCommand")
        /// The worker's reply cannot be read as the command's result.
        public static let invalidReply = Code("invalidReply")
        /// The connection or a channel failed; ``CommandError/underlying`` has the AMQP error.
        public static let connection = Code("connection")
        /// The worker's consumer was cancelled by the broker, for example because its
        /// queue was deleted.
        public static let consumerCancelled = Code("consumerCancelled")

        /// The name of the code.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The failure, in one sentence.
    public var message: String
    /// The command type involved.
    public var commandType: String
    /// The command id, when one was assigned.
    public var commandID: UUID?
    /// The failure a worker reported, for ``Code/failed`` and ``Code/expired``.
    public var failure: CommandFailure?
    /// The AMQP error behind a connection failure or a timeout.
    public var underlying: AMQPClientError?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        commandType: String,
        commandID: UUID? = nil,
        failure: CommandFailure? = nil,
        underlying: AMQPClientError? = nil
    ) {
        self.code = code
        self.message = message
        self.commandType = commandType
        self.commandID = commandID
        self.failure = failure
        self.underlying = underlying
    }

    /// The message, followed by the AMQP error when there is one.
    public var description: String {
        var text = message
        if let underlying, !message.contains(underlying.description) {
            text += ": \(underlying.description)"
        }
        return text
    }

    /// Wraps an AMQP client error, keeping timeouts and consumer cancellations recognisable.
    static func amqp(_ error: AMQPClientError, _ context: String, commandType: String, commandID: UUID? = nil) -> CommandError {
        let code: Code
        switch error.code {
        case .timedOut: code = .timedOut
        case .consumerCancelled: code = .consumerCancelled
        default: code = .connection
        }
        return CommandError(code, context, commandType: commandType, commandID: commandID, underlying: error)
    }
}
