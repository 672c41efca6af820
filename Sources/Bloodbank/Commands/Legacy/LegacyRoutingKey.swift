/// What a routing key under `command.` means on the events exchange, where the Python
/// services send legacy commands.
///
/// A binding of `command.#` matches both the commands (`command.<agent>.<action>`) and
/// their replies (`command.<agent>.<action>.ack`, `.result`, `.error`), so the bridge
/// sorts them by key.
public enum LegacyRoutingKey: Sendable, Hashable {
    /// `command.<agent>.<action>`; the action may contain dots.
    case command(agent: String, action: String)
    /// A reply, `command.<agent>.<action>.ack|result|error`, which the bridge ignores.
    case reply(LegacyReplyKind)
    /// Any other key.
    case other

    /// The first segment of every legacy command key.
    public static let prefix = "command"

    /// Classifies `routingKey`.
    public init(_ routingKey: String) {
        let segments = routingKey.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 3, segments[0] == Self.prefix, !segments.contains(where: \.isEmpty) else {
            self = .other
            return
        }
        if segments.count >= 4, let kind = LegacyReplyKind(rawValue: segments[segments.count - 1]) {
            self = .reply(kind)
            return
        }
        self = .command(agent: segments[1], action: segments[2...].joined(separator: "."))
    }
}

/// The three replies a legacy command receives, each on `command.<agent>.<action>.<kind>`.
public enum LegacyReplyKind: String, Sendable, Hashable, CaseIterable {
    /// The command was accepted for execution.
    case ack
    /// The command completed, with `outcome` and `result_payload`.
    case result
    /// The command failed, with `error_code`, `error_message` and `retryable`.
    case error
}
