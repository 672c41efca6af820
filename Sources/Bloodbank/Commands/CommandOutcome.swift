#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The outcome of a command, read from an outcome event. The reply a worker sends to a
/// requester is the same `<command_type>.completed`, `.failed` or `.expired` envelope
/// that it publishes on the events exchange.
enum CommandOutcome: Sendable, Hashable {
    /// The handler returned this result.
    case completed(JSONValue)
    /// The handler failed, or the worker rejected the command.
    case failed(CommandFailure)
    /// The command expired before a worker started it.
    case expired(CommandFailure)

    /// Reads the outcome of a command of `commandType` from a reply envelope.
    ///
    /// - Throws: ``CommandError`` with code ``CommandError/Code/invalidReply`` when the
    ///   envelope is not an outcome event of that command type or lacks a field.
    static func read(_ envelope: EventEnvelope, commandType: String) throws(CommandError) -> CommandOutcome {
        func invalid(_ reason: String) -> CommandError {
            CommandError(
                .invalidReply,
                "the reply to command \(envelope.eventID.lowercasedText) (\(commandType)) is invalid: \(reason)",
                commandType: commandType
            )
        }
        guard let phase = CommandLifecycle.phase(of: envelope.eventType, commandType: commandType) else {
            throw invalid("its event type '\(envelope.eventType)' is not an outcome of \(commandType)")
        }
        switch phase {
        case .completed:
            guard let result = envelope.payload["result"] else {
                throw invalid("payload.result is missing")
            }
            return .completed(result)
        case .failed:
            guard let code = envelope.payload["error_code"]?.stringValue else {
                throw invalid("payload.error_code is missing or not a string")
            }
            let message = envelope.payload["error_message"]?.stringValue ?? ""
            let retryable = envelope.payload["retryable"]?.boolValue ?? false
            return .failed(CommandFailure(CommandFailure.Code(code), message, retryable: retryable))
        case .expired:
            let deadline = envelope.payload["expires_at"]?.stringValue ?? "its deadline"
            return .expired(CommandFailure(.ttlExpired, "the command expired at \(deadline) before a worker started it", retryable: false))
        case .accepted:
            throw invalid("an accepted event is not an outcome")
        }
    }

    /// Returns the result, or throws the failure as a ``CommandError``.
    func result(commandType: String, commandID: UUID) throws(CommandError) -> JSONValue {
        switch self {
        case .completed(let result):
            return result
        case .failed(let failure):
            throw CommandError(
                .failed,
                "command \(commandID.lowercasedText) (\(commandType)) failed: \(failure)",
                commandType: commandType,
                commandID: commandID,
                failure: failure
            )
        case .expired(let failure):
            throw CommandError(
                .expired,
                "command \(commandID.lowercasedText) (\(commandType)) was not run: \(failure.message)",
                commandType: commandType,
                commandID: commandID,
                failure: failure
            )
        }
    }
}
