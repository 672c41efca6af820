#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The event `<command_type>.accepted`: a worker started executing a command.
public struct CommandAccepted<Command: CommandPayload>: EventPayload, Hashable {
    /// `<command_type>.accepted`.
    public static var eventType: String { CommandLifecycle.accepted.eventType(for: Command.commandType) }

    /// The command id, which is also the command envelope's event id.
    public var commandID: UUID
    /// The command type.
    public var commandType: String
    /// The worker that runs the command, as `host/pid`.
    public var worker: String
    /// Whether the broker delivered the command before, for example to a worker that died.
    public var redelivered: Bool

    /// Creates the event.
    public init(commandID: UUID, worker: String, redelivered: Bool) {
        self.commandID = commandID
        self.commandType = Command.commandType
        self.worker = worker
        self.redelivered = redelivered
    }

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case commandType = "command_type"
        case worker
        case redelivered
    }
}
