import Foundation
import Testing

import Bloodbank

@Suite("Envelope reading")
struct EnvelopeReadingTests {
    private func uuid(_ text: String) -> UUID? {
        EventID.parse(text)
    }

    @Test func contractExampleDecodes() throws {
        let envelope = try EnvelopeFixtures.decode(EnvelopeFixtures.contractExample)
        #expect(envelope.eventID == uuid("3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34"))
        #expect(envelope.eventType == "agent.thread.prompt")
        #expect(envelope.timestamp.rfc3339String == "2025-12-17T14:30:00.123456Z")
        #expect(envelope.version == "1.0.0")
        #expect(envelope.source == EventSource(host: "workstation-01", type: .manual, app: "bloodbank-cli", meta: [:]))
        #expect(envelope.correlationIDs == [uuid("0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69")].compactMap { $0 })
        #expect(envelope.agentContext == nil)
        #expect(envelope.payload == ["provider": "anthropic", "prompt": "Refactor the event system", "tags": []])
        #expect(envelope.extraFields.isEmpty)
    }

    @Test func contractTimestampFormsDecodeToOneInstant() throws {
        let forms = [
            "2026-01-27T10:00:00Z",
            "2026-01-27T10:00:00.123456Z",
            "2026-01-27T10:00:00+00:00",
            "2026-01-27T10:00:00.123456+00:00",
        ]
        for form in forms {
            let text = EnvelopeFixtures.replacing("2025-12-17T14:30:00.123456Z", in: EnvelopeFixtures.contractExample, with: form)
            let envelope = try EnvelopeFixtures.decode(text)
            #expect(envelope.timestamp.seconds == 1_769_508_000)
            #expect(envelope.timestamp.nanoseconds == (form.contains(".123456") ? 123_456_000 : 0))
        }
    }

    @Test func upperCaseUUIDsAreNormalised() throws {
        var text = EnvelopeFixtures.replacing(
            "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34", in: EnvelopeFixtures.contractExample, with: "3F2C8A4E-9D1B-4C6E-8A7F-2B5D9E0C1A34")
        text = EnvelopeFixtures.replacing("0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69", in: text, with: "0B7E6A52-3A4F-4A8E-9A55-1D2F3C4B5A69")
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.messageID == "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
        let written = String(decoding: try envelope.encoded(), as: UTF8.self)
        #expect(written.contains("\"event_id\":\"3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34\""))
        #expect(written.contains("\"correlation_ids\":[\"0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69\"]"))
    }

    @Test func nonUUIDEventIDIsRejectedWithFieldName() {
        let text = EnvelopeFixtures.replacing("3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34", in: EnvelopeFixtures.contractExample, with: "abc")
        do {
            _ = try EnvelopeFixtures.decode(text)
            Issue.record("accepted a non-UUID event id")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.path.description == "event_id")
            #expect(error.description == #"event_id: expected a UUID string, found "abc""#)
        }
    }

    @Test func badCorrelationIDNamesItsIndex() {
        let text = EnvelopeFixtures.replacing(
            #"["0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"]"#, in: EnvelopeFixtures.contractExample,
            with: #"["0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69", 7]"#)
        do {
            _ = try EnvelopeFixtures.decode(text)
            Issue.record("accepted a number as a correlation id")
        } catch {
            #expect(error.description == "correlation_ids[1]: expected a UUID string, found 7")
        }
    }

    static let missingFields: [(String, String)] = [
        ("event_type", "event_type"),
        ("source", "source"),
        ("payload", "payload"),
    ]

    @Test("required fields", arguments: missingFields)
    func missingRequiredField(key: String, path: String) throws {
        var object = try #require(try JSONValue.parse(EnvelopeFixtures.contractExample).objectValue)
        object[key] = nil
        do {
            _ = try EventEnvelope(json: .object(object))
            Issue.record("accepted an envelope without \(key)")
        } catch {
            #expect(error.code == .missingField)
            #expect(error.path.description == path)
        }
    }

    @Test func sourceWithoutHostIsRejectedInDialectA() {
        let text = EnvelopeFixtures.replacing(#""host": "workstation-01", "#, in: EnvelopeFixtures.contractExample, with: "")
        do {
            _ = try EnvelopeFixtures.decode(text)
            Issue.record("accepted a source without host")
        } catch {
            #expect(error.code == .missingField)
            #expect(error.path.description == "source.host")
        }
    }

    @Test func wrongTypesNameTheField() {
        let cases: [(String, String, String)] = [
            (#""event_type": "agent.thread.prompt""#, #""event_type": 5"#, "event_type: expected a string, found 5"),
            (#""version": "1.0.0""#, #""version": 1.0"#, "version: expected a string, found 1.0"),
            (#""timestamp": "2025-12-17T14:30:00.123456Z""#, #""timestamp": "yesterday""#,
             #"timestamp: expected an RFC 3339 date-time such as 2026-01-27T10:00:00.123456Z, found "yesterday""#),
            (#""meta": {}"#, #""meta": []"#, "source.meta: expected an object or null, found an array"),
            (#""agent_context": null"#, #""agent_context": {"name": "x"}"#,
             #"agent_context.type: missing required field, expected an agent type string such as "claude-code""#),
        ]
        for (original, replacement, message) in cases {
            let text = EnvelopeFixtures.replacing(original, in: EnvelopeFixtures.contractExample, with: replacement)
            do {
                _ = try EnvelopeFixtures.decode(text)
                Issue.record("accepted \(replacement)")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func bodyThatIsNotJSONReportsParserOffset() {
        do {
            _ = try EnvelopeFixtures.decode("{\"event_type\": ")
            Issue.record("accepted truncated JSON")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.jsonError?.offset == 15)
        }
    }

    @Test func bodyThatIsNotAnObjectIsRejected() {
        do {
            _ = try EnvelopeFixtures.decode("[1, 2]")
            Issue.record("accepted an array")
        } catch {
            #expect(error.description == "$: expected a JSON object, found an array")
        }
    }

    @Test func minimalEnvelopeTakesDefaults() throws {
        let before = EventTimestamp.now()
        let envelope = try EnvelopeFixtures.decode(EnvelopeFixtures.minimal)
        let after = EventTimestamp.now()
        #expect(envelope.version == "1.0.0")
        #expect(envelope.correlationIDs.isEmpty)
        #expect(envelope.agentContext == nil)
        #expect(envelope.timestamp >= before)
        #expect(envelope.timestamp <= after)
        // A random UUID has version 4 in the high nibble of byte 6.
        #expect(envelope.eventID.uuid.6 >> 4 == 4)
        #expect(envelope.source == EventSource(host: "h", type: .heartbeat))
    }

    @Test func nullDefaultedFieldsTakeDefaults() throws {
        let text = """
            {"event_id": null, "event_type": "a.b.c", "timestamp": null, "version": null,
             "source": {"host": "h", "type": "manual", "app": null, "meta": null},
             "correlation_ids": null, "agent_context": null, "payload": null}
            """
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.version == "1.0.0")
        #expect(envelope.correlationIDs.isEmpty)
        #expect(envelope.payload == .null)
    }

    @Test func dialectBDecodes() throws {
        let envelope = try EnvelopeFixtures.decode(EnvelopeFixtures.dialectB)
        #expect(envelope.eventType == "github.pr.created")
        #expect(envelope.version == "2.0.0")
        #expect(envelope.source == EventSource(host: "ci-runner", type: .webhook, app: "github-bridge"))
        #expect(
            envelope.correlationIDs
                == [uuid("22222222-2222-4222-8222-222222222222"), uuid("11111111-1111-4111-8111-111111111111")]
                .compactMap { $0 })
        #expect(envelope.extraFields == ["producer": "github-bridge@1.4.2"])
    }

    @Test func dialectBIsNeverWritten() throws {
        let envelope = try EnvelopeFixtures.decode(EnvelopeFixtures.dialectB)
        let written = try #require(try JSONValue.parse(try envelope.encoded()).objectValue)
        #expect(written["correlation_id"] == nil)
        #expect(written["causation_id"] == nil)
        #expect(written["source"]?["trigger_type"] == nil)
        #expect(written["source"]?["type"] == "webhook")
        #expect(written["producer"] == "github-bridge@1.4.2")
    }

    static let triggerTypes: [(String, TriggerType)] = [
        ("cli", .manual),
        ("api", .service),
        ("scheduled", .scheduled),
        ("event", .service),
        ("webhook", .webhook),
        ("carrier-pigeon", .other("carrier-pigeon")),
    ]

    @Test("dialect B trigger types", arguments: triggerTypes)
    func dialectBTriggerType(value: String, expected: TriggerType) throws {
        let text = #"{"event_type":"a.b.c","source":{"trigger_type":"\#(value)"},"payload":{}}"#
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.source.type == expected)
        #expect(envelope.source.host == EventSource.unknownHost)
    }

    @Test func typeWinsOverTriggerType() throws {
        let text = #"{"event_type":"a.b.c","source":{"host":"h","type":"agent","trigger_type":"cli"},"payload":{}}"#
        #expect(try EnvelopeFixtures.decode(text).source.type == .agent)
    }

    @Test func correlationIDsMergeWithDialectBWithoutDuplicates() throws {
        let text = """
            {"event_type":"a.b.c","source":"x","payload":{},
             "correlation_ids":["22222222-2222-4222-8222-222222222222"],
             "causation_id":"22222222-2222-4222-8222-222222222222",
             "correlation_id":"11111111-1111-4111-8111-111111111111"}
            """
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(
            envelope.correlationIDs
                == [uuid("22222222-2222-4222-8222-222222222222"), uuid("11111111-1111-4111-8111-111111111111")]
                .compactMap { $0 })
    }

    static let stringSources: [(String, EventSource)] = [
        ("bloodbank-cli/workstation-01", EventSource(host: "workstation-01", type: .manual, app: "bloodbank-cli")),
        ("n8n", EventSource(host: EventSource.unknownHost, type: .manual, app: "n8n")),
        ("app/host/extra", EventSource(host: "host/extra", type: .manual, app: "app")),
        ("/host-only", EventSource(host: "host-only", type: .manual, app: nil)),
        ("app-only/", EventSource(host: EventSource.unknownHost, type: .manual, app: "app-only")),
    ]

    @Test("string sources", arguments: stringSources)
    func stringSource(text: String, expected: EventSource) throws {
        let body = #"{"event_type":"a.b.c","source":"\#(text)","payload":{}}"#
        #expect(try EnvelopeFixtures.decode(body).source == expected)
    }

    @Test("any version string is kept", arguments: ["1.0", "1.0.0", "2.0.0", "banana"])
    func versionIsKept(version: String) throws {
        let text = EnvelopeFixtures.replacing(#""version": "1.0.0""#, in: EnvelopeFixtures.contractExample, with: #""version": "\#(version)""#)
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.version == version)
        #expect(try JSONValue.parse(try envelope.encoded())["version"] == .string(version))
    }

    @Test func commandEnvelopeDecodes() throws {
        let envelope = try EnvelopeFixtures.decode(EnvelopeFixtures.commandEnvelope)
        #expect(envelope.eventType == "command.envelope")
        #expect(envelope.version == "1.0")
        #expect(envelope.source.type == .agent)
        #expect(envelope.payload["action"] == "run_tests")
        #expect(envelope.payload["ttl_ms"] == .int(30000))
        #expect(envelope.payload["command_payload"] == ["suite": "unit"])
        let context = try #require(envelope.agentContext)
        #expect(context.type == .claudeCode)
        #expect(context.name == "cack")
        #expect(context.instanceID == "session-42")
        #expect(context.mcpServers == ["filesystem"])
        #expect(context.fileReferences == nil)
        #expect(context.codeState == CodeState(repoURL: "https://example.com/r.git", branch: "main"))
    }

    @Test func unknownAgentTypeIsKept() throws {
        let text = EnvelopeFixtures.replacing(#""agent_context": null"#, in: EnvelopeFixtures.contractExample, with: #""agent_context": {"type": "new-agent"}"#)
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.agentContext?.type == .other("new-agent"))
        let written = try EnvelopeFixtures.decode(String(decoding: try envelope.encoded(), as: UTF8.self))
        #expect(written.agentContext?.type == .other("new-agent"))
    }

    @Test func unknownSourceTypeIsKept() throws {
        let text = EnvelopeFixtures.replacing(#""type": "manual""#, in: EnvelopeFixtures.contractExample, with: #""type": "satellite""#)
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.source.type == .other("satellite"))
        #expect(try JSONValue.parse(try envelope.encoded())["source"]?["type"] == "satellite")
    }

    @Test func unknownTopLevelFieldsSurviveRoundTrip() throws {
        let text = EnvelopeFixtures.replacing(
            #""agent_context": null,"#, in: EnvelopeFixtures.contractExample,
            with: #""trace": {"span": "abc", "depth": 2}, "agent_context": null, "zeta": [1, 2.5, null],"#)
        let envelope = try EnvelopeFixtures.decode(text)
        #expect(envelope.extraFields.keys == ["trace", "zeta"])

        let written = try #require(try JSONValue.parse(try envelope.encoded()).objectValue)
        #expect(written.keys.suffix(2) == ["trace", "zeta"])
        #expect(written["trace"] == ["span": "abc", "depth": 2])
        #expect(written["zeta"] == [1, 2.5, nil])
        #expect(try EventEnvelope.decode(try envelope.encoded()) == envelope)
    }
}
