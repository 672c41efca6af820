import Foundation
import Testing

import Bloodbank

@Suite("JSON Schema generation")
struct JSONSchemaGenerationTests {
    struct Shipment: EventPayload, ConstrainedFields {
        static let eventType = "test.shipment.sent"

        enum Carrier: String, Codable, CaseIterable {
            case post, courier
        }

        struct Parcel: Codable {
            var weight: Double
            var label: String?
        }

        var id: UUID
        var sentAt: Date
        var carrier: Carrier
        var parcels: [Parcel]
        var counts: [String: Int]
        var tags: [String]
        var note: String?
        var link: URL?
        var priority: Int

        enum CodingKeys: String, CodingKey {
            case id
            case sentAt = "sent_at"
            case carrier, parcels, counts, tags, note, link, priority
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(UUID.self, forKey: .id)
            sentAt = try container.decode(Date.self, forKey: .sentAt)
            carrier = try container.decode(Carrier.self, forKey: .carrier)
            parcels = try container.decode([Parcel].self, forKey: .parcels)
            counts = try container.decode([String: Int].self, forKey: .counts)
            tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? ["new"]
            note = try container.decodeIfPresent(String.self, forKey: .note)
            link = try container.decodeIfPresent(URL.self, forKey: .link)
            priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 3
        }

        static let fieldConstraints = FieldConstraints(CodingKeys.self, [
            .note: [.maxLength(80)],
            .parcels: [.minItems(1), .maxItems(3)],
            .priority: FieldConstraint.range(1...5),
        ])
        static let unknownFields = UnknownFieldPolicy.forbid
    }

    static func document() throws -> JSONValue {
        JSONSchema.document(for: try PayloadSchema(describing: Shipment.self))
    }

    @Test func documentHasDialectAndAnnotations() throws {
        let document = try Self.document()
        #expect(document["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(document["type"] == "object")
        #expect(document["title"] == "test.shipment.sent")
        #expect(document["x-bloodbank-event-type"] == "test.shipment.sent")
        #expect(document["x-bloodbank-binding"] == "test.shipment.sent")
        #expect(document["x-bloodbank-legacy-name"] == false)
        #expect(document["additionalProperties"] == false)
    }

    @Test func requiredListsFieldsWithoutDefaults() throws {
        let document = try Self.document()
        #expect(document["required"] == ["id", "sent_at", "carrier", "parcels", "counts"])
    }

    @Test func scalarTypesAndFormats() throws {
        let properties = try #require(try Self.document()["properties"])
        #expect(properties["id"] == ["type": "string", "format": "uuid"])
        #expect(properties["sent_at"] == ["type": "string", "format": "date-time"])
        #expect(properties["carrier"] == ["type": "string", "enum": ["post", "courier"]])
        #expect(properties["counts"] == ["type": "object", "additionalProperties": ["type": "integer"]])
    }

    @Test func optionalFieldsAllowNullAndCarryDefaults() throws {
        let properties = try #require(try Self.document()["properties"])
        #expect(properties["note"] == ["anyOf": [["type": "string", "maxLength": 80], ["type": "null"]]])
        #expect(properties["tags"] == ["anyOf": [["type": "array", "items": ["type": "string"]], ["type": "null"]], "default": ["new"]])
        #expect(properties["priority"] == ["anyOf": [["type": "integer", "minimum": 1, "maximum": 5], ["type": "null"]], "default": 3])
        #expect(properties["link"] == ["anyOf": [["type": "string", "format": "uri"], ["type": "null"]]])
    }

    @Test func nestedObjectsAreInline() throws {
        let parcels = try #require(try Self.document()["properties"]?["parcels"])
        #expect(parcels["minItems"] == 1)
        #expect(parcels["maxItems"] == 3)
        #expect(parcels["items"]?["title"] == "Parcel")
        #expect(parcels["items"]?["required"] == ["weight"])
        #expect(parcels["items"]?["properties"]?["weight"] == ["type": "number"])
    }

    @Test func exampleValidatesAndDecodes() throws {
        let document = try Self.document()
        let example = try #require(document["examples"]?.arrayValue?.first)
        try PayloadValidator.validate(example, as: Shipment.self)
        let decoded = try JSONValueDecoder().decode(Shipment.self, from: example)
        #expect(decoded.parcels.count == 1)
        #expect(decoded.priority >= 1)
        #expect(decoded.priority <= 5)
    }

    @Test func exampleRespectsBoundsAndLengths() {
        let text = ValueDescription(type: .string, swiftType: "String", constraints: [.minLength(30), .maxLength(40)])
        let value = PayloadExample.value(for: text, name: "title")
        let length = value.stringValue?.unicodeScalars.count ?? 0
        #expect(length >= 30)
        #expect(length <= 40)

        let truncated = PayloadExample.value(for: ValueDescription(type: .string, swiftType: "String", constraints: [.maxLength(3)]), name: "title")
        #expect(truncated == "exa")

        let bounded = PayloadExample.value(for: ValueDescription(type: .integer, swiftType: "Int", constraints: [.minimum(5), .maximum(9)]))
        #expect(bounded == 5)

        let exclusive = PayloadExample.value(for: ValueDescription(type: .integer, swiftType: "Int", constraints: [.exclusiveMaximum(0)]))
        #expect(exclusive == -1)

        let ratio = PayloadExample.value(for: ValueDescription(type: .number, swiftType: "Double", constraints: FieldConstraint.numberRange(0...1)))
        #expect(ratio == 0.5)
    }

    @Test func indentedTextParsesBack() throws {
        let document = try Self.document()
        let text = try document.indentedText()
        #expect(text.contains("\n  \"type\": \"object\""))
        #expect(try JSONValue.parse(text) == document)
    }

    @Test func envelopeSchemaListsContractValues() {
        let schema = EnvelopeSchema.schema()
        #expect(schema["properties"]?["source"]?["properties"]?["type"]?["enum"] == [
            "manual", "agent", "scheduled", "heartbeat", "file_watch", "hook", "webhook", "service",
        ])
        #expect(schema["required"]?.arrayValue?.count == 8)
    }
}
