import Testing

import Bloodbank
import BloodbankCatalog

@Suite("Catalog registry")
struct CatalogRegistryTests {
    @Test func registersEveryCatalogType() throws {
        let registry = try BloodbankCatalog.registry()
        #expect(registry.count == BloodbankCatalog.allEventTypes.count)
        #expect(
            registry.eventTypes == [
                "agent.feedback.requested",
                "agent.feedback.response",
                "agent.learning.candidate.extracted",
                "agent.learning.candidate.validated",
                "agent.learning.episode.created",
                "agent.learning.lesson.promoted",
                "agent.learning.lesson.rejected",
                "agent.learning.lesson.rolled_back",
                "agent.learning.observation.recorded",
                "agent.learning.retrieval.applied",
                "agent.thread.error",
                "agent.thread.prompt",
                "agent.thread.response",
                "agent.{agent_name}.error",
                "agent.{agent_name}.heartbeat",
                "agent.{agent_name}.message.received",
                "agent.{agent_name}.message.sent",
                "agent.{agent_name}.session.ended",
                "agent.{agent_name}.session.started",
                "agent.{agent_name}.subagent.completed",
                "agent.{agent_name}.subagent.spawned",
                "agent.{agent_name}.task.assigned",
                "agent.{agent_name}.task.completed",
                "agent.{agent_name}.tool.completed",
                "agent.{agent_name}.tool.invoked",
                "agent.{agent}.context.critical",
                "agent.{agent}.context.warning",
                "agent.{agent}.status",
                "artifact.created",
                "artifact.deleted",
                "artifact.ingestion.failed",
                "artifact.updated",
                "fireflies.transcript.failed",
                "fireflies.transcript.processed",
                "fireflies.transcript.ready",
                "fireflies.transcript.upload",
                "github.pr.created",
                "llm.error",
                "llm.prompt",
                "llm.response",
                "session.thread.agent.action",
                "session.thread.agent.thinking",
                "session.thread.end",
                "session.thread.error",
                "session.thread.message",
                "session.thread.start",
                "system.heartbeat.tick",
                "task.inbox.issue.created",
                "theboard.meeting.comment_extracted",
                "theboard.meeting.completed",
                "theboard.meeting.converged",
                "theboard.meeting.created",
                "theboard.meeting.failed",
                "theboard.meeting.round_completed",
                "theboard.meeting.started",
                "transcription.voice.completed",
                "webhook.plane.{event}",
            ])
    }

    static let legacyFlags: [(String, Bool)] = [
        ("agent.thread.prompt", true),
        ("agent.thread.response", false),
        ("agent.thread.error", false),
        ("llm.prompt", true),
        ("llm.response", true),
        ("llm.error", true),
        ("fireflies.transcript.ready", false),
        ("agent.feedback.response", true),
        ("agent.feedback.requested", false),
        ("artifact.created", true),
        ("artifact.updated", true),
        ("artifact.deleted", true),
        ("artifact.ingestion.failed", false),
        ("theboard.meeting.round_completed", true),
        ("theboard.meeting.comment_extracted", true),
        ("theboard.meeting.converged", false),
        ("agent.{agent_name}.message.received", false),
    ]

    @Test("legacy names", arguments: legacyFlags)
    func legacyFlag(eventType: String, isLegacy: Bool) throws {
        let registry = try BloodbankCatalog.registry()
        #expect(registry[eventType]?.isLegacyName == isLegacy)
    }

    @Test func nonLegacyNamesFollowTheRule() {
        for type in BloodbankCatalog.allEventTypes where !type.isLegacyName {
            let template = RoutingKeyTemplate(type.eventType)
            let example = template.hasFields ? (try? template.routingKey(filledFrom: Self.fieldValues(template))) : type.eventType
            #expect(example.map(EventName.isValid) == true, "\(type.eventType)")
        }
    }

    static func fieldValues(_ template: RoutingKeyTemplate) -> JSONObject {
        var object = JSONObject()
        for name in template.fieldNames { object[name] = "cack" }
        return object
    }

    static let templateKeys: [(String, String, String)] = [
        ("agent.cack.message.received", "agent.{agent_name}.message.received", "agent.*.message.received"),
        ("agent.cack.message.sent", "agent.{agent_name}.message.sent", "agent.*.message.sent"),
        ("agent.cack.tool.invoked", "agent.{agent_name}.tool.invoked", "agent.*.tool.invoked"),
        ("agent.cack.heartbeat", "agent.{agent_name}.heartbeat", "agent.*.heartbeat"),
        ("agent.cack.error", "agent.{agent_name}.error", "agent.*.error"),
        ("agent.cack.status", "agent.{agent}.status", "agent.*.status"),
        ("agent.cack.context.warning", "agent.{agent}.context.warning", "agent.*.context.warning"),
        ("agent.cack.context.critical", "agent.{agent}.context.critical", "agent.*.context.critical"),
        ("webhook.plane.issue", "webhook.plane.{event}", "webhook.plane.*"),
        ("agent.thread.error", "agent.thread.error", "agent.thread.error"),
        ("agent.feedback.requested", "agent.feedback.requested", "agent.feedback.requested"),
    ]

    @Test("incoming routing keys", arguments: templateKeys)
    func incomingKeyMapsToType(routingKey: String, eventType: String, binding: String) throws {
        let registry = try BloodbankCatalog.registry()
        let entry = try #require(registry.entry(forRoutingKey: routingKey))
        #expect(entry.eventType == eventType)
        #expect(entry.bindingPattern == binding)
    }

    @Test func registryMapsNamesToSwiftTypes() throws {
        let registry = try BloodbankCatalog.registry()
        let ready = registry.payloadType(for: "fireflies.transcript.ready")
        #expect(ready.map(ObjectIdentifier.init) == ObjectIdentifier(FirefliesTranscriptReady.self))
        let llmError = registry.payloadType(for: "llm.error")
        #expect(llmError.map(ObjectIdentifier.init) == ObjectIdentifier(LLMError.self))
    }

    @Test func everyCatalogTypeCanBeDescribed() throws {
        for type in BloodbankCatalog.allEventTypes {
            let schema = try PayloadSchema(describing: type)
            #expect(schema.eventType == type.eventType)
            #expect(!schema.fields.isEmpty, "\(type.eventType)")
        }
    }
}
