#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The event `<command_type>.expired`: a command's time to live ran out before a worker
/// started it, so it was not executed.
///
/// The same envelope is the reply to a requester waiting for the command.
public struct CommandExpired<Command: CommandPayload>: EventPayload, Hashable {
    /// `<command_type>.expired`.
    public static var eventType: String { CommandLifecycle.expired.eventType(for: Command.commandType) }

    /// The command id, which is also the command envelope's event id.
    public var commandID: UUID
    /// The command type.
    public var commandType: String
    /// When the command's time to live ran out.
    public var expiresAt: EventTimestamp
    /// When the worker received the command and found it expired.
    public var receivedAt: EventTimestamp

    /// Creates the event.
    public init(commandID: UUID, expiresAt: EventTimestamp, receivedAt: EventTimestamp) {
        self.commandID = commandID
        self.commandType = Command.commandType
        self.expiresAt = expiresAt
        self.receivedAt = receivedAt
    }

    enum CodingKeys: String, CodingKey {
        case commandID = "command_id"
        case commandType = "command_type"
        case expiresAt = "expires_at"
        case receivedAt = "received_at"
    }
}
