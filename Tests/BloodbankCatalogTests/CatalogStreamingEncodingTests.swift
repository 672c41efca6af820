import Foundation
import Testing

@testable import Bloodbank
import BloodbankCatalog

@Suite("Catalog payloads through the streaming encoder")
struct CatalogStreamingEncodingTests {
    static let eventTypes = BloodbankCatalog.allEventTypes.map { $0.eventType }

    @Test("streamed payload", arguments: eventTypes)
    func streamedEnvelopeMatchesTreeEnvelope(eventType: String) throws {
        let registry = try BloodbankCatalog.registry()
        let entry = try #require(registry[eventType])
        let schema = try PayloadSchema(describing: entry.payloadType)
        let example = try #require(JSONSchema.document(for: schema)["examples"]?.arrayValue?.first)
        let comparison = try entry.payloadType.encodedBothWays(fromExample: example)
        #expect(comparison.isStreamed, "\(eventType) fell back to the tree encoder")
        #expect(String(decoding: comparison.streamed, as: UTF8.self) == String(decoding: comparison.tree, as: UTF8.self))
    }
}

/// One payload's envelope text from the typed initializer and from its tree.
struct EncodingComparison {
    var isStreamed: Bool
    var streamed: [UInt8]
    var tree: [UInt8]
}

extension EventPayload {
    /// Decodes `example` as this type and encodes an envelope around it twice: through
    /// ``EventEnvelope/init(payload:source:correlationIDs:agentContext:eventID:timestamp:version:)``
    /// and through the tree that ``JSONValueEncoder`` builds.
    static func encodedBothWays(fromExample example: JSONValue) throws -> EncodingComparison {
        let payload = try JSONValueDecoder().decode(Self.self, from: example)
        let source = EventSource(host: "tests", type: .service, app: "catalog")
        let eventID = UUID(uuidString: "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")!
        let timestamp = EventTimestamp(seconds: 1_765_981_800, nanoseconds: 123_456_000)
        let typed = try EventEnvelope(payload: payload, source: source, eventID: eventID, timestamp: timestamp)
        let fromTree = EventEnvelope(
            eventID: eventID,
            eventType: typed.eventType,
            timestamp: timestamp,
            source: source,
            payload: try JSONValueEncoder().encode(payload)
        )
        let isStreamed: Bool
        switch typed.payloadStorage {
        case .text: isStreamed = true
        case .tree: isStreamed = false
        }
        return EncodingComparison(isStreamed: isStreamed, streamed: try typed.encoded(), tree: try fromTree.encoded())
    }
}
