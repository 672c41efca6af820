/// The naming rule for command types.
///
/// A command type follows the rule of ``EventName`` (`<domain>.<entity>.<action>`,
/// lower case, at least three segments). Two more limits follow from where the name
/// is used: the worker queue name (``CommandQueue/name(for:)``) and the lifecycle event
/// types (`<command_type>.completed`) must stay within the 255 bytes AMQP allows, and
/// the `command` domain is reserved, because the Python services send legacy command
/// envelopes on the events exchange as `command.<agent>.<action>`.
public enum CommandName {
    /// The domain that command types may not use.
    public static let reservedDomain = "command"

    /// Maximum length of a command type in bytes of UTF-8: 255 less the longer of the
    /// queue name prefix and the longest lifecycle suffix.
    public static let maximumLength =
        EventName.maximumLength - max(CommandQueue.namePrefix.utf8.count, CommandLifecycle.longestSuffixLength)

    /// Checks `name` against the naming rule for command types.
    ///
    /// - Throws: ``CommandError`` with code ``CommandError/Code/invalidCommand`` that
    ///   states the broken part of the rule.
    public static func validate(_ name: String) throws(CommandError) {
        do {
            try EventName.validate(name)
        } catch {
            throw CommandError(.invalidCommand, "the command type \(error)", commandType: name)
        }
        if name.hasPrefix(reservedDomain + ".") {
            throw CommandError(
                .invalidCommand,
                "the command type '\(name)' uses the reserved domain '\(reservedDomain)', which legacy command envelopes use on the events exchange; choose another domain",
                commandType: name
            )
        }
        let length = name.utf8.count
        if length > maximumLength {
            throw CommandError(
                .invalidCommand,
                "the command type '\(name.prefix(40))...' is \(length) bytes long, more than the maximum of \(maximumLength) that leaves room for its queue name and lifecycle event types",
                commandType: name
            )
        }
    }
}
