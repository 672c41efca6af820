/// A service's command types, by name.
///
/// Registering checks each name against ``CommandName`` so that a misspelled or
/// reserved name is caught when the service starts. The registry is a value: build it
/// once, then share copies freely across tasks.
public struct CommandRegistry: Sendable {
    /// One registered command type.
    public struct Entry: Sendable {
        /// The command type name, which is also the routing key on the commands exchange.
        public var commandType: String
        /// The Swift type of the command payload.
        public var payloadType: any CommandPayload.Type
        /// The worker queue, such as `bloodbank.commands.v1.github.pr.merge`.
        public var queue: String
        /// The kind of the worker queue.
        public var queueType: CommandQueueType
        /// The lifecycle event types the workers publish, such as `github.pr.merge.completed`.
        public var lifecycleEventTypes: [any EventPayload.Type]
    }

    private var entriesByName: [String: Entry] = [:]

    /// Creates an empty registry.
    public init() {}

    /// Creates a registry holding `types`.
    ///
    /// - Throws: ``CommandError`` for the first type whose name breaks the rule or is
    ///   taken by another type.
    public init(registering types: [any CommandPayload.Type]) throws(CommandError) {
        for type in types {
            try register(type)
        }
    }

    /// Adds `type` under its command type name. Registering the same type again has no effect.
    ///
    /// - Throws: ``CommandError`` with code ``CommandError/Code/invalidCommand`` when
    ///   the name breaks the naming rule or a different type already has it.
    public mutating func register(_ type: any CommandPayload.Type) throws(CommandError) {
        let name = type.commandType
        try CommandName.validate(name)
        if let existing = entriesByName[name] {
            guard ObjectIdentifier(existing.payloadType) == ObjectIdentifier(type) else {
                throw CommandError(
                    .invalidCommand,
                    "the command type '\(name)' is already registered for \(existing.payloadType), so \(type) cannot use it",
                    commandType: name
                )
            }
            return
        }
        entriesByName[name] = Entry(
            commandType: name,
            payloadType: type,
            queue: CommandQueue.name(for: name),
            queueType: type.queueType,
            lifecycleEventTypes: type.lifecycleEventTypes
        )
    }

    /// Returns the payload type registered under `commandType`, or nil.
    public func payloadType(for commandType: String) -> (any CommandPayload.Type)? {
        entriesByName[commandType]?.payloadType
    }

    /// Accesses the entry registered under `commandType`, or nil.
    public subscript(commandType: String) -> Entry? {
        entriesByName[commandType]
    }

    /// The number of registered types.
    public var count: Int {
        entriesByName.count
    }

    /// All entries, sorted by command type name.
    public var entries: [Entry] {
        entriesByName.values.sorted { $0.commandType < $1.commandType }
    }

    /// All registered command type names, sorted.
    public var commandTypes: [String] {
        entriesByName.keys.sorted()
    }

    /// The lifecycle event types of every registered command, sorted by command type.
    public var lifecycleEventTypes: [any EventPayload.Type] {
        entries.flatMap(\.lifecycleEventTypes)
    }
}

extension EventRegistry {
    /// Registers the lifecycle event types of every command in `commands`, so that
    /// subscribers and `bb` can decode them like any other event.
    ///
    /// - Throws: ``EventNameError`` when a lifecycle event type is taken by another payload type.
    public mutating func registerLifecycleEvents(of commands: CommandRegistry) throws(EventNameError) {
        for type in commands.lifecycleEventTypes {
            try register(type)
        }
    }
}
