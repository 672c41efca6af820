/// Generates JSON Schema (draft 2020-12) documents from payload descriptions.
///
/// Each schema is derived from the ``ValueDescription`` that the recording decoder
/// builds from a Swift type, so no schema is written by hand and none can drift from
/// the type. Nested objects are written inline rather than under `$defs`, so every
/// schema is self-contained and can be embedded in an AsyncAPI document as it is.
///
/// Optional fields are `anyOf` the field's schema and `null`, with a `default` when
/// the type has a fixed one, as Pydantic v2 writes `Optional` fields. Bloodbank's own
/// annotations use keys that start with `x-bloodbank-`, which validators ignore.
public enum JSONSchema {
    /// The meta-schema URI of JSON Schema draft 2020-12, the value of `$schema`.
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// Returns the schema document of a payload type: its JSON Schema with `$schema`,
    /// a title, Bloodbank's routing annotations and a generated example.
    ///
    /// The annotations are `x-bloodbank-event-type` (the name or template),
    /// `x-bloodbank-binding` (the binding pattern), `x-bloodbank-legacy-name` and
    /// `x-bloodbank-swift-type`.
    public static func document(for schema: PayloadSchema) -> JSONValue {
        let payload = schema.payloadDescription
        var document = JSONObject()
        document["$schema"] = .string(dialect)
        document["title"] = .string(schema.eventType)
        document["description"] = .string(documentDescription(for: schema))
        for member in self.schema(for: payload).objectValue ?? JSONObject() where member.key != "title" {
            document[member.key] = member.value
        }
        document["examples"] = .array([PayloadExample.value(for: payload)])
        document["x-bloodbank-event-type"] = .string(schema.eventType)
        document["x-bloodbank-binding"] = .string(schema.routingKeyTemplate.bindingPattern)
        document["x-bloodbank-legacy-name"] = .bool(schema.isLegacyName)
        document["x-bloodbank-swift-type"] = .string(schema.swiftType)
        return .object(document)
    }

    /// Returns the JSON Schema of one value, without `$schema`.
    public static func schema(for description: ValueDescription) -> JSONValue {
        var schema = JSONObject()
        if !description.enumValues.isEmpty {
            switch description.type {
            case .integer:
                schema["type"] = "integer"
                schema["enum"] = .array(description.enumValues.map { Int64($0).map(JSONValue.int) ?? .string($0) })
            case .number:
                schema["type"] = "number"
                schema["enum"] = .array(description.enumValues.map { Double($0).map(JSONValue.double) ?? .string($0) })
            case .string, .boolean, .object, .array, .dateTime, .uuid, .any:
                schema["type"] = "string"
                schema["enum"] = .array(description.enumValues.map(JSONValue.string))
            }
            return .object(schema)
        }
        switch description.type {
        case .string:
            schema["type"] = "string"
        case .uuid:
            schema["type"] = "string"
            schema["format"] = "uuid"
        case .dateTime:
            schema["type"] = "string"
            schema["format"] = "date-time"
        case .integer:
            schema["type"] = "integer"
            let range = IntegerRange(swiftType: description.swiftType)
            if range.minimum != Int64.min { schema["minimum"] = .int(range.minimum) }
            if range.maximum != Int64.max { schema["maximum"] = .int(range.maximum) }
        case .number:
            schema["type"] = "number"
        case .boolean:
            schema["type"] = "boolean"
        case .array:
            schema["type"] = "array"
            if var element = description.element {
                element.constraints += description.constraints.flatMap { constraint -> [FieldConstraint] in
                    if case .elements(let inner) = constraint { return inner }
                    return []
                }
                schema["items"] = self.schema(for: element)
            }
        case .object:
            schema["type"] = "object"
            addObjectKeywords(of: description, to: &schema)
        case .any:
            break
        }
        for constraint in description.constraints {
            add(constraint, to: &schema)
        }
        return .object(schema)
    }

    private static func addObjectKeywords(of description: ValueDescription, to schema: inout JSONObject) {
        guard !description.fields.isEmpty else {
            if let element = description.element {
                schema["additionalProperties"] = self.schema(for: element)
            }
            return
        }
        schema["title"] = .string(description.swiftType)
        var properties = JSONObject()
        var required: [JSONValue] = []
        for field in description.fields {
            var property = self.schema(for: field.value)
            if field.isOptional {
                var optional = JSONObject()
                optional["anyOf"] = [property, ["type": "null"]]
                if let defaultValue = field.defaultValue {
                    optional["default"] = defaultValue
                }
                property = .object(optional)
            } else {
                required.append(.string(field.name))
            }
            properties[field.name] = property
        }
        schema["properties"] = .object(properties)
        if !required.isEmpty {
            schema["required"] = .array(required)
        }
        if description.unknownFields == .forbid {
            schema["additionalProperties"] = false
        }
    }

    private static func add(_ constraint: FieldConstraint, to schema: inout JSONObject) {
        switch constraint {
        case .minLength(let length): schema["minLength"] = .int(Int64(length))
        case .maxLength(let length): schema["maxLength"] = .int(Int64(length))
        case .pattern(let pattern, _): schema["pattern"] = .string(pattern)
        case .format(let format): schema["format"] = .string(format.rawValue)
        case .minimum(let bound): schema["minimum"] = bound.jsonValue
        case .maximum(let bound): schema["maximum"] = bound.jsonValue
        case .exclusiveMinimum(let bound): schema["exclusiveMinimum"] = bound.jsonValue
        case .exclusiveMaximum(let bound): schema["exclusiveMaximum"] = bound.jsonValue
        case .oneOf(let values): schema["enum"] = .array(values.map(JSONValue.string))
        case .minItems(let count): schema["minItems"] = .int(Int64(count))
        case .maxItems(let count): schema["maxItems"] = .int(Int64(count))
        case .uniqueItems: schema["uniqueItems"] = true
        case .elements: break
        }
    }

    private static func documentDescription(for schema: PayloadSchema) -> String {
        var text = "The payload of \(schema.eventType) events, generated from the Swift type \(schema.swiftType)."
        let template = schema.routingKeyTemplate
        if template.hasFields {
            let fields = template.fieldNames.map { "'\($0)'" }.joined(separator: ", ")
            text += " The routing key fills {field} segments from the payload fields \(fields); bind \(template.bindingPattern) to receive every event of the type."
        }
        if schema.isLegacyName {
            text += " The name is a legacy name that predates the naming rule and is kept for existing peers."
        }
        return text
    }
}
