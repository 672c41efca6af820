#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One message on the bus: an event's metadata and its payload.
///
/// ``decode(_:)`` reads every envelope shape seen on the exchange (the canonical
/// dialect A, the schema-registry dialect B, a string `source`, any `version`), and
/// ``encoded()`` always writes the canonical form with every key present. Top-level
/// keys that the contract does not define are kept in ``extraFields`` and written back
/// after the canonical keys, so relaying an envelope loses nothing a newer producer
/// added.
public struct EventEnvelope: Sendable, Hashable {
    /// The envelope version written when none is given.
    public static let currentVersion = "1.0.0"

    /// The unique event id, also sent as the AMQP `message_id`.
    public var eventID: UUID
    /// The event type, which is also the routing key, such as `fireflies.transcript.ready`.
    public var eventType: String
    /// When the event happened.
    public var timestamp: EventTimestamp
    /// The envelope version; peers send `1.0.0`, `1.0` and `2.0.0`, and any string is kept.
    public var version: String
    /// The producer of the event: host, trigger type and application.
    public var source: EventSource
    /// Ids of the events that directly caused this one; several parents mean a fan-in.
    public var correlationIDs: [UUID]
    /// The AI agent behind the event, if any.
    public var agentContext: AgentContext?
    /// The event body; an object in practice.
    ///
    /// An envelope made from a typed payload keeps the payload as JSON text, which
    /// reading this property parses each time; assigning it stores the tree.
    public var payload: JSONValue {
        get { payloadStorage.value }
        set { payloadStorage = .tree(newValue) }
    }
    /// The payload as a tree or as JSON text.
    var payloadStorage: PayloadStorage
    /// Top-level keys outside the contract, in their original order.
    public var extraFields: JSONObject

    /// Creates an envelope; the defaults match the Python producers' defaults.
    public init(
        eventID: UUID = .randomVersion4(),
        eventType: String,
        timestamp: EventTimestamp = .now(),
        version: String = EventEnvelope.currentVersion,
        source: EventSource,
        correlationIDs: [UUID] = [],
        agentContext: AgentContext? = nil,
        payload: JSONValue,
        extraFields: JSONObject = JSONObject()
    ) {
        self.init(
            eventID: eventID,
            eventType: eventType,
            timestamp: timestamp,
            version: version,
            source: source,
            correlationIDs: correlationIDs,
            agentContext: agentContext,
            payloadStorage: .tree(payload),
            extraFields: extraFields
        )
    }

    /// Creates an envelope whose payload may be JSON text.
    init(
        eventID: UUID,
        eventType: String,
        timestamp: EventTimestamp,
        version: String,
        source: EventSource,
        correlationIDs: [UUID],
        agentContext: AgentContext?,
        payloadStorage: PayloadStorage,
        extraFields: JSONObject
    ) {
        self.eventID = eventID
        self.eventType = eventType
        self.timestamp = timestamp
        self.version = version
        self.source = source
        self.correlationIDs = correlationIDs
        self.agentContext = agentContext
        self.payloadStorage = payloadStorage
        self.extraFields = extraFields
    }

    /// The event id as lower-case text, the form for the AMQP `message_id` property.
    public var messageID: String {
        eventID.lowercasedText
    }
}
