/// A service's payload types, by event type name.
///
/// Registering checks each name against the naming rule (legacy names pass by name),
/// so that a misspelled or wildcard name is caught when the service starts rather
/// than when a message is lost. The registry is a value: build it once, then share
/// copies freely across tasks.
public struct EventRegistry: Sendable {
    /// One registered payload type.
    public struct Entry: Sendable {
        /// The event type name, which is also the routing key.
        public var eventType: String
        /// The Swift type of the payload.
        public var payloadType: any EventPayload.Type
        /// Whether the name is a legacy name exempt from the naming rule.
        public var isLegacyName: Bool

        /// The parsed event type; it has fields when the routing key carries payload
        /// values.
        public var routingKeyTemplate: RoutingKeyTemplate {
            RoutingKeyTemplate(eventType)
        }

        /// The pattern a queue binds to receive every event of the type, such as
        /// `agent.*.message.received`; the event type itself when it has no fields.
        public var bindingPattern: String {
            routingKeyTemplate.bindingPattern
        }
    }

    private var entriesByName: [String: Entry] = [:]
    /// The names of the types whose event type is a template with fields, by binding
    /// pattern, because two such templates with one pattern would match the same keys.
    private var templatesByPattern: [String: String] = [:]

    /// Creates an empty registry.
    public init() {}

    /// Creates a registry holding `types`.
    ///
    /// - Throws: ``EventNameError`` for the first type whose name breaks the rule or
    ///   is taken by another type.
    public init(registering types: [any EventPayload.Type]) throws(EventNameError) {
        for type in types {
            try register(type)
        }
    }

    /// Adds `type` under its event type name.
    ///
    /// Registering the same type again has no effect.
    ///
    /// - Throws: ``EventNameError`` when the name breaks the naming rule and is not a
    ///   legacy name, or when a different type already has the name.
    public mutating func register(_ type: any EventPayload.Type) throws(EventNameError) {
        let name = type.eventType
        try EventName.validate(type)
        if let existing = entriesByName[name] {
            guard ObjectIdentifier(existing.payloadType) == ObjectIdentifier(type) else {
                throw EventNameError(
                    code: .alreadyRegistered,
                    name: name,
                    reason: "already registered for \(existing.payloadType), so \(type) cannot use it; each event type maps to one payload type"
                )
            }
            return
        }
        let template = RoutingKeyTemplate(name)
        if template.hasFields {
            let pattern = template.bindingPattern
            if let existing = templatesByPattern[pattern] {
                throw EventNameError(
                    code: .alreadyRegistered,
                    name: name,
                    reason: "matches the same routing keys (\(pattern)) as \(existing), so an incoming key could not be mapped to one payload type"
                )
            }
            templatesByPattern[pattern] = name
        }
        entriesByName[name] = Entry(eventType: name, payloadType: type, isLegacyName: type.isLegacyName)
    }

    /// Returns the payload type registered under `eventType`, or nil.
    ///
    /// `eventType` may be a registered name, a template as registered, or a routing
    /// key that a template matches; see ``entry(forRoutingKey:)``.
    public func payloadType(for eventType: String) -> (any EventPayload.Type)? {
        entry(forRoutingKey: eventType)?.payloadType
    }

    /// Returns the entry for an incoming routing key or event type, or nil.
    ///
    /// An exact name wins, so `agent.thread.error` maps to its own type even though
    /// the template `agent.{agent_name}.error` also matches it. Otherwise the key is
    /// matched against every template: literal segments must be equal and each field
    /// segment must be a valid segment, such as `cack` in `agent.cack.message.received`.
    public func entry(forRoutingKey routingKey: String) -> Entry? {
        if let exact = entriesByName[routingKey] {
            return exact
        }
        let parts = routingKey.split(separator: ".", omittingEmptySubsequences: false).count
        for name in templatesByPattern.values.sorted() {
            guard let entry = entriesByName[name], entry.routingKeyTemplate.segments.count == parts else { continue }
            if entry.routingKeyTemplate.match(routingKey) != nil {
                return entry
            }
        }
        return nil
    }

    /// Accesses the entry registered under `eventType`, or nil.
    public subscript(eventType: String) -> Entry? {
        entriesByName[eventType]
    }

    /// The number of registered types.
    public var count: Int {
        entriesByName.count
    }

    /// All entries, sorted by event type name.
    public var entries: [Entry] {
        entriesByName.values.sorted { $0.eventType < $1.eventType }
    }

    /// All registered event type names, sorted.
    public var eventTypes: [String] {
        entriesByName.keys.sorted()
    }
}
