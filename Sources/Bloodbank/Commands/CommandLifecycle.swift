/// The lifecycle events a worker publishes on the events exchange for each command.
///
/// Each event type is the command type followed by the phase, such as
/// `github.pr.merge.accepted`, so `bb watch 'github.pr.merge.*'` follows every merge.
/// Every command ends with exactly one of ``completed``, ``failed`` or ``expired``;
/// ``accepted`` comes before ``completed`` or ``failed``, once per delivery that starts
/// the handler, so a command redelivered after a worker died is accepted twice.
public enum CommandLifecycle: String, Sendable, Hashable, CaseIterable {
    /// A worker started the handler.
    case accepted
    /// The handler returned a result.
    case completed
    /// The handler failed, or the command could not be decoded.
    case failed
    /// The command's time to live ran out before a worker started it, so it was not run.
    case expired

    /// Returns the event type of this phase for `commandType`, such as `github.pr.merge.failed`.
    public func eventType(for commandType: String) -> String {
        commandType + "." + rawValue
    }

    /// Returns the phase of a lifecycle event type of `commandType`, or nil when
    /// `eventType` is not one.
    public static func phase(of eventType: String, commandType: String) -> CommandLifecycle? {
        let prefix = commandType + "."
        guard eventType.hasPrefix(prefix) else { return nil }
        return CommandLifecycle(rawValue: String(eventType.dropFirst(prefix.count)))
    }

    /// The byte length of the longest suffix, `.completed`.
    static let longestSuffixLength = allCases.map { $0.rawValue.utf8.count + 1 }.max() ?? 0
}
