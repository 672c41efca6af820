import Foundation
import Testing

import Bloodbank
import BloodbankCatalog

@Suite("Catalog examples and schemas")
struct CatalogExampleTests {
    static let eventTypes = BloodbankCatalog.allEventTypes.map { $0.eventType }

    @Test("generated example", arguments: eventTypes)
    func exampleValidatesAndRoundTrips(eventType: String) throws {
        let registry = try BloodbankCatalog.registry()
        let entry = try #require(registry[eventType])
        let schema = try PayloadSchema(describing: entry.payloadType)
        let document = JSONSchema.document(for: schema)
        let example = try #require(document["examples"]?.arrayValue?.first)

        #expect(PayloadValidator.issues(in: example, against: schema.payloadDescription).isEmpty)
        let envelope = try entry.payloadType.envelope(fromExample: example)
        if entry.routingKeyTemplate.hasFields {
            #expect(entry.routingKeyTemplate.match(envelope.eventType) != nil, "\(envelope.eventType)")
            #expect(envelope.eventType != entry.eventType)
        } else {
            #expect(envelope.eventType == entry.eventType)
        }
        #expect(registry.entry(forRoutingKey: envelope.eventType)?.eventType == entry.eventType)
    }

    @Test("schema document", arguments: eventTypes)
    func documentDescribesType(eventType: String) throws {
        let registry = try BloodbankCatalog.registry()
        let entry = try #require(registry[eventType])
        let document = JSONSchema.document(for: try PayloadSchema(describing: entry.payloadType))
        #expect(document["$schema"] == .string(JSONSchema.dialect))
        #expect(document["type"] == "object")
        #expect(document["x-bloodbank-event-type"] == .string(eventType))
        #expect(document["x-bloodbank-binding"] == .string(entry.bindingPattern))
        #expect(document["x-bloodbank-legacy-name"] == .bool(entry.isLegacyName))
        for field in entry.routingKeyTemplate.fieldNames {
            #expect(document["properties"]?[field] != nil, "template field \(field) is not a payload field")
        }
    }

    @Test func catalogDefaultsAppearInSchemas() throws {
        let failed = JSONSchema.document(for: try PayloadSchema(describing: FirefliesTranscriptFailed.self))
        #expect(failed["properties"]?["retry_count"]?["default"] == 0)
        #expect(failed["properties"]?["is_retryable"]?["default"] == true)
        #expect(failed["properties"]?["timestamp"]?["default"] == nil, "a default of 'now' changes on every call")
        let pr = JSONSchema.document(for: try PayloadSchema(describing: GithubPRCreated.self))
        #expect(pr["properties"]?["cache_type"]?["default"] == "redis")
        let action = JSONSchema.document(for: try PayloadSchema(describing: SessionThreadAgentAction.self))
        #expect(action["properties"]?["tool_metadata"]?["properties"]?["success"]?["default"] == true)
    }

    @Test func lifecyclePublishFillsAgentName() throws {
        let payload = AgentMessageReceived(
            agentName: "cack", channel: .telegram, sender: "someone", messagePreview: "hi", messageLength: 2, sessionKey: "s-1"
        )
        #expect(payload.routingKey == "agent.cack.message.received")
        let envelope = try EventEnvelope(payload: payload, source: EventSource(host: "h", type: .agent, app: "openclaw"))
        #expect(envelope.eventType == "agent.cack.message.received")
        let status = AgentStatusReported(agent: "cack", status: .idle, tokens: 10, contextMax: 100, contextPct: 10, model: "m", checkTime: "now")
        #expect(status.routingKey == "agent.cack.status")
        #expect(AgentContextCritical.eventType == "agent.{agent}.context.critical")
    }

    @Test func planeWebhookWithoutEventCannotBePublished() {
        let webhook = PlaneWebhookReceived(provider: "plane", event: nil, path: "/hooks/plane", body: ["raw": "text"])
        #expect {
            _ = try EventEnvelope(payload: webhook, source: EventSource(host: "h", type: .webhook))
        } throws: { error in
            (error as? EnvelopeError)?.path.description == "payload.event"
        }
    }

    @Test func asyncAPIListsEveryTypeAndResolves() throws {
        let registry = try BloodbankCatalog.registry()
        var schemas: [PayloadSchema] = []
        for entry in registry.entries {
            schemas.append(try PayloadSchema(describing: entry.payloadType))
        }
        let document = AsyncAPIDocument.document(events: schemas, version: "test")
        #expect(document["asyncapi"] == "3.0.0")
        let channels = try #require(document["channels"]?.objectValue)
        let addresses = Set(channels.values.compactMap { $0["address"]?.stringValue })
        for entry in registry.entries {
            #expect(addresses.contains(entry.eventType), "no channel for \(entry.eventType)")
        }
        let events = channels.values.filter { $0["bindings"]?["amqp"]?["exchange"]?["name"] == "bloodbank.events.v1" }
        #expect(events.count == registry.count)
        #expect(channels["commands"]?["bindings"]?["amqp"]?["exchange"]?["name"] == "bloodbank.commands.v1")
        #expect(channels["agent.agent_name.message.received"]?["parameters"]?["agent_name"] != nil)

        var unresolved: [String] = []
        Self.collectReferences(in: document) { reference in
            if Self.resolve(reference, in: document) == nil { unresolved.append(reference) }
        }
        #expect(unresolved.isEmpty, "\(unresolved)")
    }

    static func collectReferences(in value: JSONValue, _ visit: (String) -> Void) {
        switch value {
        case .object(let object):
            for member in object {
                if member.key == "$ref", let reference = member.value.stringValue { visit(reference) }
                collectReferences(in: member.value, visit)
            }
        case .array(let elements):
            for element in elements { collectReferences(in: element, visit) }
        case .null, .bool, .int, .double, .string:
            return
        }
    }

    static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var current: JSONValue? = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            current = current?[key]
        }
        return current
    }
}

extension EventPayload {
    /// Validates and decodes `example` as this type, builds an envelope from the result
    /// and checks that the encoded payload validates too.
    static func envelope(fromExample example: JSONValue) throws -> EventEnvelope {
        try PayloadValidator.validate(example, as: Self.self)
        let payload = try JSONValueDecoder().decode(Self.self, from: example)
        let envelope = try EventEnvelope(payload: payload, source: EventSource(host: "tests", type: .service))
        try PayloadValidator.validate(envelope.payload, as: Self.self)
        return envelope
    }
}
