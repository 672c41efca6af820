/// The legacy bridge's table from `<agent>.<action>` to a Bloodbank command type.
///
/// A legacy command `command.github.merge` has the mapping key `github.merge`. The
/// explicit table wins. Without an entry, a key that is itself a command type in the
/// registry maps to that type, so `command.github.pr.merge` (agent `github`, action
/// `pr.merge`) reaches `github.pr.merge` with no configuration. Any other key is not
/// mapped, and the bridge replies `not_implemented`.
public struct LegacyCommandMapping: Sendable {
    /// Mapping keys and their command types.
    public private(set) var table: [String: String]
    /// The known command types, for the fallback and for each type's queue type.
    public let registry: CommandRegistry

    /// Creates a mapping.
    ///
    /// A target does not have to be registered, so that the bridge can reach workers
    /// written elsewhere; its worker queue is then assumed to be a quorum queue.
    ///
    /// - Throws: ``CommandError`` with code `invalidCommand` when a target breaks the
    ///   command naming rule.
    public init(table: [String: String], registry: CommandRegistry) throws(CommandError) {
        for commandType in table.values {
            try CommandName.validate(commandType)
        }
        self.table = table
        self.registry = registry
    }

    /// Returns the command type and its queue type for a mapping key such as
    /// `github.merge`, or nil when the key is not mapped.
    public func target(for mappingKey: String) -> (commandType: String, queueType: CommandQueueType)? {
        if let commandType = table[mappingKey] {
            return (commandType, registry[commandType]?.queueType ?? .quorum)
        }
        if let entry = registry[mappingKey] {
            return (entry.commandType, entry.queueType)
        }
        return nil
    }
}
