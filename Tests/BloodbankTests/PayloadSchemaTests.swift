import Foundation
import Testing

import Bloodbank

@Suite("Payload schema introspection")
struct PayloadSchemaTests {
    enum Color: String, Codable, CaseIterable {
        case red, green
    }

    enum Level: Int, Codable, CaseIterable {
        case low = 1
        case high = 2
    }

    struct Inner: Codable {
        var label: String
        var weight: Double?
    }

    struct Probe: EventPayload {
        static let eventType = "test.probe.recorded"

        var name: String
        var count: Int
        var ratio: Double?
        var flag: Bool
        var when: Date
        var id: UUID
        var color: Color
        var level: Level?
        var inner: Inner
        var inners: [Inner]
        var matrix: [[Int]]
        var free: JSONObject
        var anything: JSONValue
        var counts: [String: Int]
        var tags: [String]

        enum CodingKeys: String, CodingKey {
            case name, count, ratio, flag, when, id, color, level, inner, inners, matrix, free, anything, counts
            case tags = "tag_list"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            count = try container.decode(Int.self, forKey: .count)
            ratio = try container.decodeIfPresent(Double.self, forKey: .ratio)
            flag = try container.decode(Bool.self, forKey: .flag)
            when = try container.decode(Date.self, forKey: .when)
            id = try container.decode(UUID.self, forKey: .id)
            color = try container.decode(Color.self, forKey: .color)
            level = try container.decodeIfPresent(Level.self, forKey: .level)
            inner = try container.decode(Inner.self, forKey: .inner)
            inners = try container.decode([Inner].self, forKey: .inners)
            matrix = try container.decode([[Int]].self, forKey: .matrix)
            free = try container.decode(JSONObject.self, forKey: .free)
            anything = try container.decode(JSONValue.self, forKey: .anything)
            counts = try container.decode([String: Int].self, forKey: .counts)
            tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        }
    }

    private func field(_ name: String, in fields: [FieldDescription]) throws -> FieldDescription {
        try #require(fields.first { $0.name == name }, "no field \(name)")
    }

    @Test func listsFieldsInDecodingOrder() throws {
        let schema = try PayloadSchema(describing: Probe.self)
        #expect(schema.eventType == "test.probe.recorded")
        #expect(schema.isLegacyName == false)
        #expect(schema.swiftType == "Probe")
        #expect(
            schema.fields.map(\.name) == [
                "name", "count", "ratio", "flag", "when", "id", "color", "level", "inner", "inners", "matrix", "free",
                "anything", "counts", "tag_list",
            ])
    }

    @Test func reportsOptionality() throws {
        let fields = try PayloadSchema(describing: Probe.self).fields
        let optional = fields.filter(\.isOptional).map(\.name)
        #expect(optional == ["ratio", "level", "tag_list"])
    }

    @Test func reportsScalarTypes() throws {
        let fields = try PayloadSchema(describing: Probe.self).fields
        #expect(try field("name", in: fields).value.type == .string)
        #expect(try field("count", in: fields).value.type == .integer)
        #expect(try field("ratio", in: fields).value.type == .number)
        #expect(try field("flag", in: fields).value.type == .boolean)
        #expect(try field("when", in: fields).value.type == .dateTime)
        #expect(try field("id", in: fields).value.type == .uuid)
        #expect(try field("anything", in: fields).value.type == .any)
    }

    @Test func reportsEnumerationValues() throws {
        let fields = try PayloadSchema(describing: Probe.self).fields
        let color = try field("color", in: fields).value
        #expect(color.type == .string)
        #expect(color.enumValues == ["red", "green"])
        let level = try field("level", in: fields).value
        #expect(level.type == .integer)
        #expect(level.enumValues == ["1", "2"])
    }

    @Test func describesNestedObjectsAndArrays() throws {
        let fields = try PayloadSchema(describing: Probe.self).fields
        let inner = try field("inner", in: fields).value
        #expect(inner.type == .object)
        #expect(inner.swiftType == "Inner")
        #expect(inner.fields.map(\.name) == ["label", "weight"])
        #expect(inner.fields.map(\.isOptional) == [false, true])

        let inners = try field("inners", in: fields).value
        #expect(inners.type == .array)
        #expect(inners.element?.type == .object)
        #expect(inners.element?.fields.map(\.name) == ["label", "weight"])

        let matrix = try field("matrix", in: fields).value
        #expect(matrix.element?.type == .array)
        #expect(matrix.element?.element?.type == .integer)

        let tags = try field("tag_list", in: fields).value
        #expect(tags.element?.type == .string)
    }

    @Test func freeFormObjectsHaveNoFields() throws {
        let fields = try PayloadSchema(describing: Probe.self).fields
        #expect(try field("free", in: fields).value.type == .object)
        #expect(try field("free", in: fields).value.fields.isEmpty)
        #expect(try field("counts", in: fields).value.type == .object)
        #expect(try field("counts", in: fields).value.fields.isEmpty)
    }

    @Test func notationFollowsCatalog() throws {
        let fields = try PayloadSchema(describing: Probe.self).fields
        #expect(try field("tag_list", in: fields).notation == "tag_list [string]?")
        #expect(try field("color", in: fields).notation == "color red|green")
        #expect(try field("inners", in: fields).notation == "inners [Inner]")
        #expect(try field("free", in: fields).notation == "free {}")
        #expect(try field("when", in: fields).notation == "when datetime")
    }

    final class TreeNode: Codable {
        var name: String
        var children: [TreeNode]
    }

    @Test func recursiveTypeTerminates() throws {
        let description = try ValueDescription(describing: TreeNode.self)
        #expect(description.fields.map(\.name) == ["name", "children"])
        var depth = 0
        var current: ValueDescription? = description
        while let node = current, let children = node.fields.first(where: { $0.name == "children" }) {
            depth += 1
            current = children.value.element
        }
        // Each tree level nests two values, the node and its children array.
        #expect(depth == ValueDescription.maximumDepth / 2)
    }

    struct Validating: Decodable {
        struct Rejected: Error {}
        var ttlDays: Int
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: JSONCodingKeyForTests.self)
            ttlDays = try container.decode(Int.self, forKey: JSONCodingKeyForTests(stringValue: "ttl_days"))
            guard ttlDays > 10 else { throw Rejected() }
        }
    }

    struct JSONCodingKeyForTests: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    @Test func initializerRejectingSampleIsReported() {
        do {
            _ = try ValueDescription(describing: Validating.self)
            Issue.record("described a type that rejects its sample")
        } catch {
            #expect(error.code == .sampleRejected)
            #expect(error.swiftType == "Validating")
        }
    }
}
