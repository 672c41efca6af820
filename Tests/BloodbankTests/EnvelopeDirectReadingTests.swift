import Foundation
import Testing

@testable import Bloodbank

@Suite("Envelope direct reading")
struct EnvelopeDirectReadingTests {
    static let head = #""event_id":"3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34","timestamp":"2025-12-17T14:30:00.123456Z""#
    static let source = #""source":{"host":"h","type":"manual"}"#

    /// Bodies that the direct reader reads, each with an id and a timestamp so that no
    /// field takes a random or current default.
    static let directBodies: [String] = [
        EnvelopeFixtures.contractExample,
        EnvelopeFixtures.dialectB,
        EnvelopeFixtures.commandEnvelope,
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":{}}",
        "  {\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":[1,{\"k\":null}]}  \n",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":\"app/host\",\"payload\":null,\"version\":null}",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":{\"host\":\"h\",\"type\":\"cron\",\"x\":[1],\"meta\":{\"a\":1}},\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":{\"trigger_type\":\"scheduled\"},\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"z\":1,\"a\":2,\"z\":3}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"correlation_ids\":null,\"causation_id\":null}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"agent_context\":null,\"correlation_ids\":[]}",
        "{\"event_id\":\"3F2C8A4E9D1B4C6E8A7F2B5D9E0C1A34\",\"timestamp\":\"2026-01-27T10:00:00+02:00\",\"event_type\":\"a.b.c\",\(source),\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":" + String(repeating: "[", count: 511) + String(repeating: "]", count: 511) + "}",
    ]

    /// Bodies that the direct reader leaves to the tree reader: invalid ones, and valid
    /// ones it does not read, such as repeated keys and escapes.
    static let treeBodies: [String] = [
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"payload\":2}",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":{\"host\":\"h\",\"type\":\"manual\",\"type\":\"cron\"},\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"pay\\u006coad\":1}",
        "{\"event_id\":\"3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a3\\u0034\",\"timestamp\":\"2025-12-17T14:30:00Z\",\"event_type\":\"a.b.c\",\(source),\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"é\":2}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1} x",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":[1,}",
        "{\(head),\"event_type\":\"a.b.c\",\(source)}",
        "{\(head),\"event_type\":5,\(source),\"payload\":1}",
        "{\"event_id\":\"nope\",\"event_type\":\"a.b.c\",\(source),\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"correlation_ids\":[\"x\"]}",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":{\"host\":\"h\"},\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":{\"type\":\"manual\"},\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\"source\":{\"host\":\"h\",\"type\":\"manual\",\"meta\":[]},\"payload\":1}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"agent_context\":{\"name\":\"x\"}}",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":1,\"timestamp\":\"yesterday\"}",
        "[1,2]",
        "{}",
        "",
        "{\(head),\"event_type\":\"a.b.c\",\(source),\"payload\":" + String(repeating: "[", count: 512) + String(repeating: "]", count: 512) + "}",
    ]

    /// Reads `text` as the tree reader does: the whole body parsed, then read by
    /// init(json:).
    private func treeRead(_ text: String) throws(EnvelopeError) -> EventEnvelope {
        let json: JSONValue
        do {
            json = try JSONValue.parse(Array(text.utf8))
        } catch {
            throw .invalidJSON(error)
        }
        return try EventEnvelope(json: json)
    }

    private func treeResult(_ text: String) -> Result<EventEnvelope, EnvelopeError> {
        Result { () throws(EnvelopeError) -> EventEnvelope in try treeRead(text) }
    }

    private func decodeResult(_ text: String) -> Result<EventEnvelope, EnvelopeError> {
        Result { () throws(EnvelopeError) -> EventEnvelope in try EventEnvelope.decode(Array(text.utf8)) }
    }

    private func directResult(_ text: String) -> EventEnvelope? {
        Array(text.utf8).withUnsafeBufferPointer { EventEnvelope.readDirectly($0) }
    }

    @Test("read directly", arguments: directBodies)
    func directReadingMatchesTreeReading(text: String) throws {
        let direct = try #require(directResult(text))
        let tree = try treeResult(text).get()
        #expect(direct == tree)
        #expect(direct.extraFields.keys == tree.extraFields.keys)
        #expect(try direct.encoded() == (try tree.encoded()))
        #expect(decodeResult(text) == .success(tree))
    }

    @Test("left to the tree reader", arguments: treeBodies)
    func otherBodiesGetTreeResult(text: String) {
        #expect(directResult(text) == nil)
        #expect(decodeResult(text) == treeResult(text))
    }

    @Test("absent or null id and timestamp", arguments: [
        EnvelopeFixtures.minimal,
        "{\"event_id\":null,\"timestamp\":null,\"event_type\":\"a.b.c\",\(source),\"payload\":1}",
    ])
    func absentIdAndTimestampTakeDefaults(text: String) throws {
        let before = EventTimestamp.now()
        let envelope = try #require(directResult(text))
        #expect(envelope.timestamp >= before)
        #expect(envelope.eventID != (try #require(directResult(text))).eventID)
        var fromTree = try treeResult(text).get()
        fromTree.eventID = envelope.eventID
        fromTree.timestamp = envelope.timestamp
        #expect(envelope == fromTree)
    }
}
