#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A command handed to a worker's handler, with its typed payload.
public struct ReceivedCommand<Command: CommandPayload>: Sendable {
    /// The command id, which is also the envelope's event id.
    public var id: UUID
    /// The typed command.
    public var payload: Command
    /// The command envelope as received.
    public var envelope: EventEnvelope
    /// When the command expires, or nil when it never does; the worker checked that it
    /// had not expired before calling the handler.
    public var expiresAt: EventTimestamp?
    /// Whether the broker delivered the command before, for example to a worker that
    /// died while running it. The handler may then have run for it already.
    public var redelivered: Bool
}
