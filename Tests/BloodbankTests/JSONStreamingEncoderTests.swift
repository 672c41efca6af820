import Foundation
import Testing

@testable import Bloodbank

@Suite("JSON streaming encoder")
struct JSONStreamingEncoderTests {
    struct Inner: Codable, Hashable {
        var label: String
        var weight: Double?
    }

    enum Shape: Codable, Hashable {
        case circle(radius: Double)
        case square(side: Int, tags: [String])
        case empty
    }

    struct Sample: Codable, Hashable {
        var count: Int
        var big: Int64
        var small: Int8
        var unsigned: UInt32
        var ratio: Double
        var fraction: Float
        var flag: Bool
        var name: String?
        var when: Date
        var stamp: EventTimestamp
        var id: UUID
        var link: URL
        var tags: [String]
        var inner: Inner
        var items: [Inner]
        var matrix: [[Int]]
        var lookup: [String: Int]
        var shapes: [Shape]
        var free: JSONValue
        var meta: JSONObject?
        var text: String
    }

    static let sample = Sample(
        count: 3,
        big: Int64.min,
        small: -8,
        unsigned: 4_000_000_000,
        ratio: 1e16,
        fraction: 0.1,
        flag: true,
        name: nil,
        when: Date(timeIntervalSince1970: 1_769_508_000.5),
        stamp: EventTimestamp(seconds: 1_765_981_800, nanoseconds: 123_456_789),
        id: UUID(uuidString: "3F2C8A4E-9D1B-4C6E-8A7F-2B5D9E0C1A34")!,
        link: URL(string: "https://example.com/a?b=c")!,
        tags: ["x", "y"],
        inner: Inner(label: "in", weight: nil),
        items: [Inner(label: "a", weight: 1.5), Inner(label: "b", weight: -0.0)],
        matrix: [[1, 2], [], [3]],
        lookup: ["one": 1],
        shapes: [.circle(radius: 2.5), .square(side: 3, tags: []), .empty],
        free: ["z": 1, "a": [nil, true, "s", 0.5]],
        meta: ["k": "v"],
        text: "quote \" backslash \\ newline \n tab \t control \u{01} é 😀 / end"
    )

    /// The tree encoder's text of `value`: the output the streaming encoder must match.
    private func treeText<T: Encodable>(_ value: T, nilEncoding: JSONValueEncoder.NilEncoding = .null) throws -> [UInt8] {
        try JSONValueEncoder(nilEncoding: nilEncoding).encode(value).serialized()
    }

    private func streamedText<T: Encodable>(_ value: T, nilEncoding: JSONValueEncoder.NilEncoding = .null) throws -> [UInt8]? {
        try JSONStreamingEncoder(nilEncoding: nilEncoding).encode(value)
    }

    @Test func sampleMatchesTreeEncoderByteForByte() throws {
        let streamed = try #require(try streamedText(Self.sample))
        #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: try treeText(Self.sample), as: UTF8.self))
    }

    @Test func omittedNilsMatchTreeEncoder() throws {
        let streamed = try #require(try streamedText(Self.sample, nilEncoding: .omit))
        #expect(streamed == (try treeText(Self.sample, nilEncoding: .omit)))
        #expect(!String(decoding: streamed, as: UTF8.self).contains("\"name\""))
    }

    @Test func scalarsAtTheRootMatchTreeEncoder() throws {
        #expect(try streamedText("text") == (try treeText("text")))
        #expect(try streamedText(Double(2)) == (try treeText(Double(2))))
        #expect(try streamedText(Float(0.1)) == Array("0.1".utf8))
        #expect(try streamedText(UInt8(7)) == Array("7".utf8))
        #expect(try streamedText(Optional<Int>.none) == Array("null".utf8))
        #expect(try streamedText([1, 2] as [Int?]) == Array("[1,2]".utf8))
    }

    struct NoContainer: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    struct EmptySingleValue: Encodable {
        func encode(to encoder: any Encoder) throws {
            _ = encoder.singleValueContainer()
        }
    }

    @Test func valueWithoutContainerIsEmptyObject() throws {
        #expect(try streamedText(NoContainer()) == Array("{}".utf8))
        #expect(try streamedText(["a": NoContainer()]) == (try treeText(["a": NoContainer()])))
        #expect(try streamedText(EmptySingleValue()) == (try treeText(EmptySingleValue())))
    }

    struct Wrapper: Encodable {
        var inner: Inner

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(inner)
        }
    }

    struct TwoContainers: Encodable {
        enum Keys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: Keys.self)
            try first.encode(1, forKey: .a)
            var second = encoder.container(keyedBy: Keys.self)
            try second.encode(2, forKey: .b)
        }
    }

    struct NestedInOrder: Encodable {
        enum Keys: String, CodingKey { case first, second, list }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var first = container.nestedContainer(keyedBy: Keys.self, forKey: .first)
            try first.encode("x", forKey: .second)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            var element = list.nestedContainer(keyedBy: Keys.self)
            try element.encodeNil(forKey: .first)
            var row = list.nestedUnkeyedContainer()
            try row.encode(true)
            try container.encode(Inner(label: "late", weight: 2), forKey: .second)
        }
    }

    @Test func containerPatternsInOrderMatchTreeEncoder() throws {
        let wrapped = Wrapper(inner: Inner(label: "w", weight: 1))
        #expect(try streamedText(wrapped) == (try treeText(wrapped)))
        #expect(try streamedText(TwoContainers()) == Array(#"{"a":1,"b":2}"#.utf8))
        let nested = try #require(try streamedText(NestedInOrder()))
        #expect(nested == (try treeText(NestedInOrder())))
        #expect(String(decoding: nested, as: UTF8.self) == #"{"first":{"second":"x"},"list":[1,{"first":null},[true]],"second":{"label":"late","weight":2.0}}"#)
    }

    struct RepeatedKey: Encodable {
        enum Keys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            try container.encode(2, forKey: .b)
            try container.encode(3, forKey: .a)
        }
    }

    struct ReturnsToNestedContainer: Encodable {
        enum Keys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .a)
            try container.encode(1, forKey: .b)
            try nested.encode(2, forKey: .a)
        }
    }

    struct SwitchesContainerKind: Encodable {
        enum Keys: String, CodingKey { case a }

        func encode(to encoder: any Encoder) throws {
            var list = encoder.unkeyedContainer()
            try list.encode(1)
            var object = encoder.container(keyedBy: Keys.self)
            try object.encode(2, forKey: .a)
        }
    }

    struct UsesSuperEncoder: Encodable {
        enum Keys: String, CodingKey { case a }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            try Inner(label: "base", weight: nil).encode(to: container.superEncoder())
        }
    }

    struct CatchesAndContinues: Encodable {
        enum Keys: String, CodingKey { case bad, good }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try? container.encode(Inner(label: "x", weight: .nan), forKey: .bad)
            try container.encode(1, forKey: .good)
        }
    }

    final class Node: Encodable {
        var child: Node?

        init(depth: Int) {
            child = depth > 0 ? Node(depth: depth - 1) : nil
        }
    }

    /// Checks that the streaming encoder declines `value` and that the envelope, which
    /// then takes the tree encoder, writes what the tree encoder writes.
    private func expectTreeFallback<T: EventPayload>(_ value: T) throws {
        #expect(try streamedText(value) == nil)
        let envelope = try EventEnvelope(payload: value, source: EventSource(host: "h", type: .service))
        guard case .tree = envelope.payloadStorage else {
            Issue.record("the envelope kept streamed text")
            return
        }
        #expect(envelope.payload == (try JSONValueEncoder().encode(value)))
    }

    @Test func patternsTheTextCannotExpressFallBack() throws {
        #expect(try streamedText(RepeatedKey()) == nil)
        #expect(try JSONValueEncoder().encode(RepeatedKey()).serialized() == Array(#"{"a":3,"b":2}"#.utf8))
        #expect(try streamedText(ReturnsToNestedContainer()) == nil)
        #expect(try streamedText(SwitchesContainerKind()) == nil)
        #expect(try streamedText(UsesSuperEncoder()) == nil)
        #expect(try streamedText(CatchesAndContinues()) == nil)
        #expect(try streamedText(["é": 1]) == nil)
        #expect(try streamedText(["free": JSONValue.double(.infinity)]) == nil)
        #expect(try streamedText(Node(depth: JSONValue.maximumNestingDepth)) == nil)
        #expect(try streamedText(Node(depth: JSONValue.maximumNestingDepth - 2)) != nil)
        try expectTreeFallback(FallbackPayload(values: ["é": 1]))
    }

    @Test func errorsMatchTreeEncoder() throws {
        let cases: [(String, () throws -> [UInt8]?, () throws -> JSONValue)] = [
            ("[1].weight", { try streamedText([Inner(label: "ok", weight: 1), Inner(label: "bad", weight: .nan)]) },
             { try JSONValueEncoder().encode([Inner(label: "ok", weight: 1), Inner(label: "bad", weight: .nan)]) }),
            ("n", { try streamedText(["n": UInt64.max]) }, { try JSONValueEncoder().encode(["n": UInt64.max]) }),
            ("[0]", { try streamedText([Float.infinity]) }, { try JSONValueEncoder().encode([Float.infinity]) }),
            ("$", { try streamedText(Double.nan) }, { try JSONValueEncoder().encode(Double.nan) }),
        ]
        for (path, streamed, tree) in cases {
            var streamedDescription = ""
            var treeDescription = ""
            do {
                _ = try streamed()
                Issue.record("streamed without an error at \(path)")
            } catch let EncodingError.invalidValue(_, context) {
                #expect(JSONPath(codingPath: context.codingPath).description == path)
                streamedDescription = context.debugDescription
            }
            do {
                _ = try tree()
            } catch let EncodingError.invalidValue(_, context) {
                treeDescription = context.debugDescription
            }
            #expect(streamedDescription == treeDescription)
        }
    }

    /// Records the coding path that each nested value's encoder reports.
    final class PathLog: @unchecked Sendable {
        var paths: [String] = []
    }

    struct RecordsPath: Encodable {
        let log: PathLog

        func encode(to encoder: any Encoder) throws {
            log.paths.append(JSONPath(codingPath: encoder.codingPath).description)
            var container = encoder.singleValueContainer()
            try container.encode(JSONPath(codingPath: container.codingPath).description)
        }
    }

    struct PathHolder: Encodable {
        var first: [String: [RecordsPath]]
        var second: RecordsPath
    }

    @Test func nestedEncodersSeeTreeEncoderCodingPaths() throws {
        let streamedLog = PathLog()
        let treeLog = PathLog()
        let streamed = try #require(try streamedText(PathHolder(first: ["k": [RecordsPath(log: streamedLog)]], second: RecordsPath(log: streamedLog))))
        let tree = try treeText(PathHolder(first: ["k": [RecordsPath(log: treeLog)]], second: RecordsPath(log: treeLog)))
        #expect(streamed == tree)
        #expect(streamedLog.paths == ["first.k[0]", "second"])
        #expect(streamedLog.paths == treeLog.paths)
    }

    @Test func typedEnvelopeKeepsTextAndReadsAsTree() throws {
        let payload = SamplePayload(sample: Self.sample)
        let typed = try EventEnvelope(payload: payload, source: EventSource(host: "h", type: .service))
        guard case .text(let text) = typed.payloadStorage else {
            Issue.record("the envelope did not keep streamed text")
            return
        }
        let tree = try JSONValueEncoder().encode(payload)
        #expect(text == (try tree.serialized()))
        #expect(typed.payload == tree)
        #expect(typed.payload.objectValue?.keys == tree.objectValue?.keys)

        var fromTree = typed
        fromTree.payload = tree
        #expect(fromTree == typed)
        #expect(fromTree.hashValue == typed.hashValue)
        #expect(try fromTree.encoded() == (try typed.encoded()))
        #expect(try EventEnvelope.decode(try typed.encoded()) == typed)
    }
}

/// A payload whose sample fields the streaming encoder writes.
struct SamplePayload: EventPayload, Hashable {
    static let eventType = "test.sample.encoded"
    var sample: JSONStreamingEncoderTests.Sample
}

/// A payload that only the tree encoder can encode: its dictionary key is not ASCII.
struct FallbackPayload: EventPayload {
    static let eventType = "test.fallback.encoded"
    var values: [String: Int]
}
