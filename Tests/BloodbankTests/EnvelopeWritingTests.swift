import Foundation
import Testing

import Bloodbank

@Suite("Envelope writing")
struct EnvelopeWritingTests {
    static let eventID = EventID.parse("3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34") ?? UUID()
    static let timestamp = EventTimestamp(seconds: 1_765_981_800, nanoseconds: 123_456_789)

    private func bareEnvelope(payload: JSONValue = ["provider": "anthropic"]) -> EventEnvelope {
        EventEnvelope(
            eventID: Self.eventID,
            eventType: "agent.thread.prompt",
            timestamp: Self.timestamp,
            source: EventSource(host: "workstation-01", type: .manual),
            payload: payload
        )
    }

    @Test func nullFieldsAreWrittenExplicitly() throws {
        let written = String(decoding: try bareEnvelope().encoded(), as: UTF8.self)
        let expected = """
            {"event_id":"3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34","event_type":"agent.thread.prompt",\
            "timestamp":"2025-12-17T14:30:00.123456Z","version":"1.0.0",\
            "source":{"host":"workstation-01","type":"manual","app":null,"meta":null},\
            "correlation_ids":[],"agent_context":null,"payload":{"provider":"anthropic"}}
            """
        #expect(written == expected)
    }

    @Test func keysFollowCanonicalOrder() throws {
        var envelope = bareEnvelope()
        envelope.source.app = "bloodbank-cli"
        envelope.source.meta = ["pid": 42]
        envelope.correlationIDs = [Self.eventID]
        envelope.extraFields = ["producer": "x"]
        let object = try #require(try JSONValue.parse(try envelope.encoded()).objectValue)
        #expect(
            object.keys == [
                "event_id", "event_type", "timestamp", "version", "source", "correlation_ids", "agent_context", "payload",
                "producer",
            ])
        #expect(object["source"]?.objectValue?.keys == ["host", "type", "app", "meta"])
    }

    @Test func agentContextHasEveryKey() throws {
        var envelope = bareEnvelope()
        envelope.source.type = .agent
        envelope.agentContext = AgentContext(type: .letta, name: "scribe", codeState: CodeState(branch: "main"))
        let object = try #require(try JSONValue.parse(try envelope.encoded()).objectValue)
        let context = try #require(object["agent_context"]?.objectValue)
        #expect(
            context.keys == [
                "type", "name", "system_prompt", "instance_id", "mcp_servers", "file_references", "url_references",
                "code_state", "checkpoint_id", "meta",
            ])
        #expect(context["type"] == "letta")
        #expect(context["system_prompt"] == .null)
        #expect(context["code_state"]?.objectValue?.keys == ["repo_url", "branch", "working_diff", "branch_diff", "last_commit_hash"])
        #expect(context["code_state"]?["branch"] == "main")
    }

    @Test func extraFieldsWithReservedNamesAreSkipped() throws {
        var envelope = bareEnvelope()
        envelope.extraFields = ["event_id": "forged", "causation_id": "x", "kept": true]
        let object = try #require(try JSONValue.parse(try envelope.encoded()).objectValue)
        #expect(object["event_id"] == "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
        #expect(object["causation_id"] == nil)
        #expect(object["kept"] == true)
        #expect(object.count == 9)
    }

    @Test func nonFiniteNumberNamesItsPath() {
        let envelope = bareEnvelope(payload: ["scores": [1, .double(.nan)]])
        do {
            _ = try envelope.encoded()
            Issue.record("wrote NaN")
        } catch {
            #expect(error.code == .unwritableValue)
            #expect(error.path.description == "payload.scores[1]")
        }
        var withMeta = bareEnvelope()
        withMeta.source.meta = ["load": .double(.infinity)]
        do {
            _ = try withMeta.encoded()
            Issue.record("wrote infinity")
        } catch {
            #expect(error.path.description == "source.meta.load")
        }
    }

    @Test func jsonValueMatchesEncodedBytes() throws {
        var envelope = try EnvelopeFixtures.decode(EnvelopeFixtures.commandEnvelope)
        envelope.extraFields = ["zeta": 1]
        #expect(try envelope.jsonValue.serialized() == (try envelope.encoded()))
    }

    @Test("decode after encode is identity", arguments: [
        EnvelopeFixtures.contractExample, EnvelopeFixtures.dialectB, EnvelopeFixtures.commandEnvelope, EnvelopeFixtures.minimal,
    ])
    func roundTrip(text: String) throws {
        let envelope = try EnvelopeFixtures.decode(text)
        let bytes = try envelope.encoded()
        let again = try EventEnvelope.decode(bytes)
        #expect(again == envelope)
        #expect(try again.encoded() == bytes)
    }

    @Test func encodeAppendsToBuffer() throws {
        var buffer: [UInt8] = [0x41]
        try bareEnvelope().encode(into: &buffer)
        #expect(buffer.first == 0x41)
        #expect(Array(buffer.dropFirst()) == (try bareEnvelope().encoded()))
    }

    @Test func messageIDIsLowerCaseEventID() {
        let envelope = bareEnvelope()
        #expect(envelope.messageID == "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
        #expect(EventID.text(of: envelope.eventID) == envelope.messageID)
    }
}
