public import Bloodbank

extension BloodbankCatalog {
    /// Every catalog command type.
    public static let allCommandTypes: [any CommandPayload.Type] = [
        GithubPRMerge.self,
    ]

    /// The legacy bridge's default mapping from `<agent>.<action>` of a Python
    /// service's `command.<agent>.<action>` envelope to a catalog command type.
    public static let legacyCommandMappings: [String: String] = [
        "github.merge": GithubPRMerge.commandType,
    ]

    /// Returns a registry with every catalog command type registered.
    ///
    /// - Throws: ``CommandError`` if a catalog command name breaks the naming rule.
    public static func commandRegistry() throws(CommandError) -> CommandRegistry {
        try CommandRegistry(registering: allCommandTypes)
    }
}
