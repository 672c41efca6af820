import Testing

import Bloodbank

@Suite("Event registry")
struct EventRegistryTests {
    struct ThingHappened: EventPayload {
        static let eventType = "test.thing.happened"
        var value: Int
    }

    struct OtherThingHappened: EventPayload {
        static let eventType = "test.thing.happened"
        var other: String
    }

    struct BadlyNamed: EventPayload {
        static let eventType = "Test.Thing"
        var value: Int
    }

    struct LegacyPing: EventPayload {
        static let eventType = "legacy.ping"
        static let isLegacyName = true
        var value: Int
    }

    struct LegacyEmpty: EventPayload {
        static let eventType = ""
        static let isLegacyName = true
    }

    struct AlphaCreated: EventPayload {
        static let eventType = "alpha.item.created"
    }

    @Test func registersAndLooksUpByName() throws {
        var registry = EventRegistry()
        try registry.register(ThingHappened.self)
        let type = registry.payloadType(for: "test.thing.happened")
        #expect(type.map(ObjectIdentifier.init) == ObjectIdentifier(ThingHappened.self))
        #expect(registry["test.thing.happened"]?.isLegacyName == false)
        #expect(registry.payloadType(for: "test.thing.missing") == nil)
    }

    @Test func rejectsNameThatBreaksRule() {
        var registry = EventRegistry()
        do {
            try registry.register(BadlyNamed.self)
            Issue.record("registered Test.Thing")
        } catch {
            #expect(error.code == .invalidCharacter)
            #expect(error.name == "Test.Thing")
        }
        #expect(registry.count == 0)
    }

    @Test func acceptsLegacyNameByFlag() throws {
        var registry = EventRegistry()
        try registry.register(LegacyPing.self)
        #expect(registry["legacy.ping"]?.isLegacyName == true)
    }

    @Test func legacyNameMustStillBeNonEmpty() {
        var registry = EventRegistry()
        #expect(throws: EventNameError.self) { try registry.register(LegacyEmpty.self) }
    }

    @Test func rejectsSecondTypeForSameName() throws {
        var registry = EventRegistry()
        try registry.register(ThingHappened.self)
        try registry.register(ThingHappened.self)
        do {
            try registry.register(OtherThingHappened.self)
            Issue.record("registered two types under one name")
        } catch {
            #expect(error.code == .alreadyRegistered)
        }
        let type = registry.payloadType(for: "test.thing.happened")
        #expect(type.map(ObjectIdentifier.init) == ObjectIdentifier(ThingHappened.self))
    }

    @Test func listsEntriesSortedByName() throws {
        let registry = try EventRegistry(registering: [ThingHappened.self, LegacyPing.self, AlphaCreated.self])
        #expect(registry.eventTypes == ["alpha.item.created", "legacy.ping", "test.thing.happened"])
        #expect(registry.entries.map(\.eventType) == registry.eventTypes)
        #expect(registry.count == 3)
    }
}
