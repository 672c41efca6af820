#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The event `<command_type>.completed`: a worker executed a command, with its result.
///
/// The same envelope is the reply to a requester waiting for the command.
public struct CommandCompleted<Command: CommandPayload>: EventPayload {
    /// `<command_type>.completed`.
    public static var eventType: String { CommandLifecycle.completed.eventType(for: Command.commandType) }

    /// The command id, which is also the command envelope's event id.
    public var commandID: UUID
    /// The command type.
    public var commandType: String
    /// What the handler returned.
    public var result: Command.Result
    /// How long the handler ran, in milliseconds.
    public var durationMilliseconds: Int64

    /// Creates the event.
    public init(commandID: UUID, result: Command.Result, durationMilliseconds: Int64) {
        self.commandID = commandID
        self.commandType = Command.commandType
        self.result = result
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case commandType = "command_type"
        case result
        case durationMilliseconds = "duration_ms"
    }
}
