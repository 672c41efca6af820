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
                "agent.thread.error",
                "agent.thread.prompt",
                "agent.thread.response",
                "fireflies.transcript.failed",
                "fireflies.transcript.processed",
                "fireflies.transcript.ready",
                "fireflies.transcript.upload",
                "llm.error",
                "llm.prompt",
                "llm.response",
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
    ]

    @Test("legacy names", arguments: legacyFlags)
    func legacyFlag(eventType: String, isLegacy: Bool) throws {
        let registry = try BloodbankCatalog.registry()
        #expect(registry[eventType]?.isLegacyName == isLegacy)
    }

    @Test func nonLegacyNamesFollowTheRule() {
        for type in BloodbankCatalog.allEventTypes where !type.isLegacyName {
            #expect(EventName.isValid(type.eventType), "\(type.eventType)")
        }
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
