#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The event `<command_type>.failed`: a command's handler failed, or its payload could
/// not be decoded.
///
/// The same envelope is the reply to a requester waiting for the command.
public struct CommandFailed<Command: CommandPayload>: EventPayload, Hashable {
    /// `<command_type>.failed`.
    public static var eventType: String { CommandLifecycle.failed.eventType(for: Command.commandType) }

    /// The command id, which is also the command envelope's event id.
    public var commandID: UUID
    /// The command type.
    public var commandType: String
    /// The failure code, such as `execution_failed`.
    public var errorCode: String
    /// What failed, in one sentence.
    public var errorMessage: String
    /// Whether sending the command again may succeed.
    public var retryable: Bool
    /// How long the handler ran, in milliseconds; 0 when it did not start.
    public var durationMilliseconds: Int64

    /// Creates the event from a failure.
    public init(commandID: UUID, failure: CommandFailure, durationMilliseconds: Int64) {
        self.commandID = commandID
        self.commandType = Command.commandType
        self.errorCode = failure.code.rawValue
        self.errorMessage = failure.message
        self.retryable = failure.retryable
        self.durationMilliseconds = durationMilliseconds
    }

    /// The failure this event reports.
    public var failure: CommandFailure {
        CommandFailure(CommandFailure.Code(errorCode), errorMessage, retryable: retryable)
    }

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case commandType = "command_type"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case retryable
        case durationMilliseconds = "duration_ms"
    }
}
