import Foundation
import Testing

import Bloodbank

@Suite("Routing-key templates")
struct RoutingKeyTemplateTests {
    struct AgentPing: EventPayload {
        static let eventType = "test.{agent_name}.ping.sent"
        var agentName: String
        var note: String?

        enum CodingKeys: String, CodingKey {
            case agentName = "agent_name"
            case note
        }
    }

    struct OtherPing: EventPayload {
        static let eventType = "test.{other}.ping.sent"
        var other: String
    }

    struct ExactPing: EventPayload {
        static let eventType = "test.exact.ping.sent"
        var note: String?
    }

    struct BadField: EventPayload {
        static let eventType = "test.{Agent}.ping.sent"
        var note: String?
    }

    /// A payload whose event type a test changes, to check that the parsed template
    /// kept for the type follows it.
    struct RenamedPing: EventPayload {
        nonisolated(unsafe) static var name = "test.{agent_name}.ping.sent"
        static var eventType: String { name }
        var agentName: String

        enum CodingKeys: String, CodingKey {
            case agentName = "agent_name"
        }
    }

    @Test func templateParsesFieldsAndPattern() {
        let template = RoutingKeyTemplate("agent.{agent_name}.message.received")
        #expect(template.segments == [.literal("agent"), .field("agent_name"), .literal("message"), .literal("received")])
        #expect(template.fieldNames == ["agent_name"])
        #expect(template.hasFields)
        #expect(template.bindingPattern == "agent.*.message.received")
        #expect(template.description == "agent.{agent_name}.message.received")
    }

    @Test func plainNameIsTemplateWithoutFields() {
        let template = RoutingKeyTemplate("fireflies.transcript.ready")
        #expect(!template.hasFields)
        #expect(template.bindingPattern == "fireflies.transcript.ready")
    }

    @Test func templateMatchesConcreteKeys() {
        let template = RoutingKeyTemplate("agent.{agent_name}.message.received")
        #expect(template.match("agent.cack.message.received") == ["agent_name": "cack"])
        #expect(template.match("agent.cack.message.sent") == nil)
        #expect(template.match("agent.cack.extra.message.received") == nil)
        #expect(template.match("agent.Cack.message.received") == nil)
    }

    @Test func fillingUsesPayloadField() throws {
        let template = RoutingKeyTemplate("agent.{agent_name}.status")
        #expect(try template.routingKey(filledFrom: ["agent_name": "cack"]) == "agent.cack.status")
    }

    @Test(arguments: [
        (JSONObject(), "found nothing"),
        (["agent_name": 5] as JSONObject, "found an integer"),
        (["agent_name": "Cack"] as JSONObject, "not a routing-key segment"),
        (["agent_name": "a.b"] as JSONObject, "not a routing-key segment"),
        (["agent_name": ""] as JSONObject, "not a routing-key segment"),
    ])
    func invalidFieldValueIsRejected(payload: JSONObject, reason: String) {
        let template = RoutingKeyTemplate("agent.{agent_name}.status")
        #expect {
            _ = try template.routingKey(filledFrom: payload)
        } throws: { error in
            guard let error = error as? EventNameError else { return false }
            return error.code == .invalidSegmentValue && error.field == "agent_name" && error.reason.contains(reason)
        }
    }

    @Test func payloadRoutingKeyFillsTemplate() {
        #expect(AgentPing(agentName: "cack").routingKey == "test.cack.ping.sent")
        #expect(ExactPing().routingKey == "test.exact.ping.sent")
    }

    @Test func envelopeEventTypeIsFilledKey() throws {
        let envelope = try EventEnvelope(payload: AgentPing(agentName: "cack"), source: EventSource(host: "h", type: .agent))
        #expect(envelope.eventType == "test.cack.ping.sent")
    }

    @Test func envelopeRejectsUnfillableTemplate() {
        #expect {
            _ = try EventEnvelope(payload: AgentPing(agentName: "Not Valid"), source: EventSource(host: "h", type: .agent))
        } throws: { error in
            guard let error = error as? EnvelopeError else { return false }
            return error.code == .payloadEncodingFailed && error.path.description == "payload.agent_name"
        }
    }

    @Test func payloadTemplateFollowsChangedName() throws {
        let ping = RenamedPing(agentName: "cack")
        #expect(RenamedPing.routingKeyTemplate.hasFields)
        #expect(ping.routingKey == "test.cack.ping.sent")
        #expect(try EventEnvelope(payload: ping, source: EventSource(host: "h", type: .agent)).eventType == "test.cack.ping.sent")

        RenamedPing.name = "test.fixed.ping.sent"
        defer { RenamedPing.name = "test.{agent_name}.ping.sent" }
        #expect(!RenamedPing.routingKeyTemplate.hasFields)
        #expect(RenamedPing.routingKeyTemplate.description == "test.fixed.ping.sent")
        #expect(ping.routingKey == "test.fixed.ping.sent")
        #expect(try EventEnvelope(payload: ping, source: EventSource(host: "h", type: .agent)).eventType == "test.fixed.ping.sent")
    }

    @Test func registryMatchesIncomingKeys() throws {
        let registry = try EventRegistry(registering: [AgentPing.self, ExactPing.self])
        #expect(registry.entry(forRoutingKey: "test.cack.ping.sent")?.eventType == AgentPing.eventType)
        #expect(registry.entry(forRoutingKey: "test.{agent_name}.ping.sent")?.eventType == AgentPing.eventType)
        #expect(registry.entry(forRoutingKey: "test.cack.ping.received") == nil)
        #expect(registry[AgentPing.eventType]?.bindingPattern == "test.*.ping.sent")
        #expect(registry.payloadType(for: "test.bob.ping.sent").map(ObjectIdentifier.init) == ObjectIdentifier(AgentPing.self))
    }

    @Test func exactNameWinsOverTemplate() throws {
        let registry = try EventRegistry(registering: [AgentPing.self, ExactPing.self])
        #expect(registry.entry(forRoutingKey: "test.exact.ping.sent")?.eventType == ExactPing.eventType)
    }

    @Test func templatesWithSamePatternConflict() {
        #expect {
            _ = try EventRegistry(registering: [AgentPing.self, OtherPing.self])
        } throws: { error in
            (error as? EventNameError)?.code == .alreadyRegistered
        }
    }

    @Test func templateFieldNamesFollowTheRule() {
        #expect {
            _ = try EventRegistry(registering: [BadField.self])
        } throws: { error in
            (error as? EventNameError)?.code == .invalidCharacter
        }
    }
}
