import Testing

import Bloodbank

@Suite("Schema diff classification")
struct SchemaDiffTests {
    /// A fixture pair: one field schema before and after, with the change expected.
    struct FieldPair: Sendable, CustomTestStringConvertible {
        var kind: SchemaChange.Kind
        var old: String
        var new: String
        var path: String = "field"

        var testDescription: String { kind.rawValue }
    }

    /// Wraps a property schema in a payload schema whose only field is `field`.
    static func payload(_ field: String, required: Bool = true, extra: String = "") -> JSONValue {
        let text = #"{"type": "object", "properties": {"field": \#(field)\#(extra)}, "required": \#(required ? #"["field"]"# : "[]")}"#
        guard let value = try? JSONValue.parse(text) else { return .null }
        return value
    }

    static let fieldPairs: [FieldPair] = [
        FieldPair(kind: .typeNarrowed, old: #"{"type": "number"}"#, new: #"{"type": "integer"}"#),
        FieldPair(kind: .typeWidened, old: #"{"type": "integer"}"#, new: #"{"type": "number"}"#),
        FieldPair(kind: .typeChanged, old: #"{"type": "string"}"#, new: #"{"type": "integer"}"#),
        FieldPair(kind: .typeNarrowed, old: #"{}"#, new: #"{"type": "string"}"#),
        FieldPair(kind: .typeWidened, old: #"{"type": "string"}"#, new: #"{}"#),
        FieldPair(kind: .typeNarrowed, old: #"{"type": "string"}"#, new: #"{"type": "string", "format": "uuid"}"#),
        FieldPair(kind: .typeWidened, old: #"{"type": "string", "format": "uuid"}"#, new: #"{"type": "string"}"#),
        FieldPair(kind: .typeNarrowed, old: #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, new: #"{"type": "string"}"#),
        FieldPair(kind: .typeWidened, old: #"{"type": "string"}"#, new: #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#),
        FieldPair(kind: .enumNarrowed, old: #"{"type": "string", "enum": ["a", "b"]}"#, new: #"{"type": "string", "enum": ["a"]}"#),
        FieldPair(kind: .enumNarrowed, old: #"{"type": "string"}"#, new: #"{"type": "string", "enum": ["a"]}"#),
        FieldPair(kind: .enumWidened, old: #"{"type": "string", "enum": ["a"]}"#, new: #"{"type": "string", "enum": ["a", "b"]}"#),
        FieldPair(kind: .enumWidened, old: #"{"type": "string", "enum": ["a"]}"#, new: #"{"type": "string"}"#),
        FieldPair(kind: .constraintTightened, old: #"{"type": "string", "maxLength": 500}"#, new: #"{"type": "string", "maxLength": 200}"#),
        FieldPair(kind: .constraintLoosened, old: #"{"type": "string", "maxLength": 200}"#, new: #"{"type": "string", "maxLength": 500}"#),
        FieldPair(kind: .constraintTightened, old: #"{"type": "integer"}"#, new: #"{"type": "integer", "minimum": 1}"#),
        FieldPair(kind: .constraintLoosened, old: #"{"type": "integer", "minimum": 1}"#, new: #"{"type": "integer", "minimum": 0}"#),
        FieldPair(kind: .constraintLoosened, old: #"{"type": "integer", "maximum": 10}"#, new: #"{"type": "integer"}"#),
        FieldPair(kind: .constraintTightened, old: #"{"type": "string"}"#, new: #"{"type": "string", "pattern": "^a"}"#),
        FieldPair(kind: .constraintLoosened, old: #"{"type": "string", "pattern": "^a"}"#, new: #"{"type": "string"}"#),
        FieldPair(kind: .constraintTightened, old: #"{"type": "array", "items": {"type": "string"}}"#, new: #"{"type": "array", "items": {"type": "string"}, "maxItems": 3}"#),
        FieldPair(kind: .constraintTightened, old: #"{"type": "array", "items": {"type": "string"}}"#, new: #"{"type": "array", "items": {"type": "string"}, "uniqueItems": true}"#),
        FieldPair(kind: .typeChanged, old: #"{"type": "array", "items": {"type": "string"}}"#, new: #"{"type": "array", "items": {"type": "integer"}}"#, path: "field[]"),
        FieldPair(kind: .unknownFieldsForbidden, old: #"{"type": "object", "properties": {"a": {"type": "string"}}}"#, new: #"{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}"#),
        FieldPair(kind: .unknownFieldsAllowed, old: #"{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}"#, new: #"{"type": "object", "properties": {"a": {"type": "string"}}}"#),
        FieldPair(kind: .fieldRemoved, old: #"{"type": "object", "properties": {"a": {"type": "string"}}}"#, new: #"{"type": "object", "properties": {}}"#, path: "field.a"),
        FieldPair(kind: .requiredFieldAdded, old: #"{"type": "object", "properties": {}}"#, new: #"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}"#, path: "field.a"),
        FieldPair(kind: .optionalFieldAdded, old: #"{"type": "object", "properties": {}}"#, new: #"{"type": "object", "properties": {"a": {"type": "string"}}}"#, path: "field.a"),
        FieldPair(kind: .typeNarrowed, old: #"{"type": "object", "additionalProperties": {"type": "number"}}"#, new: #"{"type": "object", "additionalProperties": {"type": "integer"}}"#, path: "field.*"),
    ]

    @Test("field change pairs", arguments: fieldPairs)
    func fieldPair(_ pair: FieldPair) throws {
        let old = Self.payload(pair.old)
        let new = Self.payload(pair.new)
        let changes = SchemaDiff.changes(eventType: "test.thing.changed", from: old, to: new)
        #expect(changes.count == 1, "\(changes)")
        let change = try #require(changes.first)
        #expect(change.kind == pair.kind)
        #expect(change.path == pair.path)
        #expect(change.isBreaking == pair.kind.isBreaking)
        #expect(change.eventType == "test.thing.changed")
    }

    @Test func identicalSchemasHaveNoChanges() {
        let schema = Self.payload(#"{"type": "string", "maxLength": 5}"#)
        #expect(SchemaDiff.changes(eventType: "test.thing.changed", from: schema, to: schema).isEmpty)
    }

    @Test func fieldBecameRequiredIsBreaking() {
        let changes = SchemaDiff.changes(
            eventType: "test.thing.changed",
            from: Self.payload(#"{"type": "string"}"#, required: false),
            to: Self.payload(#"{"type": "string"}"#, required: true)
        )
        #expect(changes.map(\.kind) == [.fieldBecameRequired])
        #expect(changes.first?.isBreaking == true)
    }

    @Test func fieldBecameOptionalIsAdditive() {
        let changes = SchemaDiff.changes(
            eventType: "test.thing.changed",
            from: Self.payload(#"{"type": "string"}"#, required: true),
            to: Self.payload(#"{"type": "string"}"#, required: false)
        )
        #expect(changes.map(\.kind) == [.fieldBecameOptional])
        #expect(changes.first?.isBreaking == false)
    }

    @Test func topLevelFieldRemovedAndAdded() {
        let old = Self.payload(#"{"type": "string"}"#, extra: #", "gone": {"type": "integer"}"#)
        let new = Self.payload(#"{"type": "string"}"#, extra: #", "fresh": {"type": "integer"}"#)
        let changes = SchemaDiff.changes(eventType: "test.thing.changed", from: old, to: new)
        #expect(changes.map(\.kind) == [.fieldRemoved, .optionalFieldAdded])
        #expect(changes.map(\.path) == ["gone", "fresh"])
    }

    @Test func defaultChangeIsAdditive() {
        let old = Self.payload(#"{"anyOf": [{"type": "integer"}, {"type": "null"}], "default": 0}"#, required: false)
        let new = Self.payload(#"{"anyOf": [{"type": "integer"}, {"type": "null"}], "default": 1}"#, required: false)
        let changes = SchemaDiff.changes(eventType: "test.thing.changed", from: old, to: new)
        #expect(changes.map(\.kind) == [.defaultChanged])
        #expect(changes.first?.detail == "default 0 -> 1")
    }

    @Test func bindingChangeIsBreaking() throws {
        let old = try JSONValue.parse(#"{"type": "object", "x-bloodbank-binding": "agent.*.status"}"#)
        let new = try JSONValue.parse(#"{"type": "object", "x-bloodbank-binding": "agent.*.state"}"#)
        let changes = SchemaDiff.changes(eventType: "agent.{agent}.status", from: old, to: new)
        #expect(changes.map(\.kind) == [.routingChanged])
    }

    @Test func typesAddedRemovedAndRenamed() {
        let a = Self.payload(#"{"type": "string"}"#)
        let b = Self.payload(#"{"type": "integer"}"#)
        let c = Self.payload(#"{"type": "boolean"}"#)
        let changes = SchemaDiff.changes(
            from: ["test.a.happened": a, "test.b.happened": b],
            to: ["test.a2.happened": a, "test.c.happened": c]
        )
        #expect(changes.map(\.kind) == [.typeRenamed, .typeRemoved, .typeAdded])
        #expect(changes.map(\.eventType) == ["test.a.happened", "test.b.happened", "test.c.happened"])
        #expect(changes[0].detail.contains("test.a2.happened"))
        #expect(changes.map(\.isBreaking) == [true, true, false])
    }

    @Test func newVersionedTypeIsAdditive() {
        let v1 = Self.payload(#"{"type": "string"}"#)
        let v2 = Self.payload(#"{"type": "integer"}"#)
        let changes = SchemaDiff.changes(
            from: ["test.thing.changed": v1],
            to: ["test.thing.changed": v1, "test.thing.changed.v2": v2]
        )
        #expect(changes.map(\.kind) == [.typeAdded])
        #expect(changes.filter(\.isBreaking).isEmpty)
    }

    @Test func descriptionNamesClassificationAndPath() {
        let change = SchemaChange(kind: .fieldRemoved, eventType: "test.thing.changed", path: "a.b", detail: "field removed")
        #expect(change.description == "breaking  field-removed  test.thing.changed  a.b: field removed")
    }
}
