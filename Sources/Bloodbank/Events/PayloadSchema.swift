/// The fields of a payload type, found by decoding the type with a recording decoder.
///
/// `bb list-events` prints it and a JSON Schema generator can build on it. The field
/// list comes from the type's own `init(from:)`, so it never drifts from what the type
/// really decodes and no type has to repeat its fields.
public struct PayloadSchema: Sendable, Hashable {
    /// The event type name.
    public var eventType: String
    /// Whether the name is a legacy name exempt from the naming rule.
    public var isLegacyName: Bool
    /// The payload's Swift type name.
    public var swiftType: String
    /// The top-level payload fields in the order the type decodes them.
    public var fields: [FieldDescription]
    /// What validation does with top-level members that ``fields`` does not list.
    public var unknownFields: UnknownFieldPolicy

    /// Creates a schema from its parts.
    public init(
        eventType: String,
        isLegacyName: Bool,
        swiftType: String,
        fields: [FieldDescription],
        unknownFields: UnknownFieldPolicy = .ignore
    ) {
        self.eventType = eventType
        self.isLegacyName = isLegacyName
        self.swiftType = swiftType
        self.fields = fields
        self.unknownFields = unknownFields
    }

    /// Describes the payload type `type`.
    ///
    /// - Throws: ``PayloadSchemaError`` when the type's `init(from:)` rejects the
    ///   sample values the recorder supplies, or nests without end.
    public init<P: EventPayload>(describing type: P.Type) throws(PayloadSchemaError) {
        let description = try ValueDescription(describing: P.self)
        self.init(
            eventType: P.eventType,
            isLegacyName: P.isLegacyName,
            swiftType: description.swiftType,
            fields: description.fields,
            unknownFields: description.unknownFields
        )
    }

    /// The routing-key template of the event type, such as
    /// `agent.{agent_name}.message.received`.
    public var routingKeyTemplate: RoutingKeyTemplate {
        RoutingKeyTemplate(eventType)
    }

    /// The payload as one object description, the form the validator and the schema
    /// generator take.
    public var payloadDescription: ValueDescription {
        ValueDescription(type: .object, swiftType: swiftType, fields: fields, unknownFields: unknownFields)
    }
}

/// One named field of an object.
public struct FieldDescription: Sendable, Hashable {
    /// The JSON member name, such as `media_duration_seconds`.
    public var name: String
    /// Whether the field may be absent or null on input, because the type decodes it
    /// with `decodeIfPresent` (an optional or a field with a default).
    public var isOptional: Bool
    /// The field's value.
    public var value: ValueDescription
    /// The value the type fills in when the field is absent, if the type has a fixed
    /// one. Found by decoding the type with every optional field absent and encoding
    /// the result; a date-time default such as "now" is left out because it changes.
    public var defaultValue: JSONValue?

    /// Creates a field description.
    public init(name: String, isOptional: Bool, value: ValueDescription, defaultValue: JSONValue? = nil) {
        self.name = name
        self.isOptional = isOptional
        self.value = value
        self.defaultValue = defaultValue
    }

    /// The field in catalog notation, such as `speakers [string]?`.
    public var notation: String {
        "\(name) \(value.notation)\(isOptional ? "?" : "")"
    }
}

/// The JSON type of a value, with the string formats the contract distinguishes.
public enum JSONFieldType: String, Sendable, Hashable, CaseIterable {
    /// A JSON string.
    case string
    /// A JSON number without a fraction.
    case integer
    /// Any JSON number.
    case number
    /// `true` or `false`.
    case boolean
    /// A JSON object, with described fields or free-form.
    case object
    /// A JSON array.
    case array
    /// An RFC 3339 date-time string.
    case dateTime = "date-time"
    /// A UUID string.
    case uuid
    /// Any JSON value.
    case any
}

/// The shape of one JSON value: its type, allowed values, fields or element.
public struct ValueDescription: Sendable, Hashable {
    /// The JSON type.
    public var type: JSONFieldType
    /// The Swift type that decodes the value, such as `Sentence` or `[String]`.
    public var swiftType: String
    /// The allowed values of an enumeration, empty otherwise.
    public var enumValues: [String]
    /// The fields of an object in decoding order; empty for a free-form object.
    public var fields: [FieldDescription]
    /// The rules the value must satisfy beyond its type, from the decoding type's
    /// ``ConstrainedFields`` table or implied by its Swift type (`URL` implies
    /// ``StringFormat/uri``).
    public var constraints: [FieldConstraint]
    /// What validation does with members of an object that ``fields`` does not list.
    public var unknownFields: UnknownFieldPolicy
    /// Maximum nesting of described types. Only a recursive type reaches it; arrays
    /// at that depth are described without an element.
    public static let maximumDepth = 32

    // An array of at most one element, because a struct cannot contain an optional of
    // itself directly.
    private var elementStorage: [ValueDescription]

    /// Creates a value description.
    public init(
        type: JSONFieldType,
        swiftType: String,
        enumValues: [String] = [],
        fields: [FieldDescription] = [],
        element: ValueDescription? = nil,
        constraints: [FieldConstraint] = [],
        unknownFields: UnknownFieldPolicy = .ignore
    ) {
        self.type = type
        self.swiftType = swiftType
        self.enumValues = enumValues
        self.fields = fields
        self.elementStorage = element.map { [$0] } ?? []
        self.constraints = constraints
        self.unknownFields = unknownFields
    }

    /// The element of an array, or the value of every member of a dictionary (an
    /// object without ``fields``, such as `[String: Int]`); nil for other types, for a
    /// free-form object and for an array whose element the recorder could not reach.
    public var element: ValueDescription? {
        get { elementStorage.first }
        set { elementStorage = newValue.map { [$0] } ?? [] }
    }

    /// The value in catalog notation: `string`, `int`, `number`, `bool`, `datetime`,
    /// `uuid`, `a|b|c` for an enumeration, `[T]` for an array, `{}` for a free-form
    /// object and the Swift type name for an object with fields.
    public var notation: String {
        if !enumValues.isEmpty {
            return enumValues.joined(separator: "|")
        }
        switch type {
        case .string: return "string"
        case .integer: return "int"
        case .number: return "number"
        case .boolean: return "bool"
        case .dateTime: return "datetime"
        case .uuid: return "uuid"
        case .any: return "any"
        case .array: return "[\(element?.notation ?? "any")]"
        case .object:
            if !fields.isEmpty { return swiftType }
            if let element { return "{string: \(element.notation)}" }
            return "{}"
        }
    }

    /// Describes the JSON shape that `type` decodes.
    ///
    /// - Throws: ``PayloadSchemaError`` when the type's `init(from:)` rejects the
    ///   sample values the recorder supplies, or nests without end.
    public init<T: Decodable>(describing type: T.Type) throws(PayloadSchemaError) {
        let recorder = SchemaRecorder(codingPath: [], depth: 0)
        do {
            self = try recorder.sample(T.self, codingPath: []).description
        } catch let error as PayloadSchemaError {
            throw error
        } catch {
            throw PayloadSchemaError(code: .sampleRejected, swiftType: "\(T.self)", path: .root, detail: "\(error)")
        }
        if let minimal = SchemaRecorder.encodedWithoutOptionalFields(T.self) {
            addDefaults(from: minimal)
        }
    }

    /// Fills in ``FieldDescription/defaultValue`` from `encoded`, a value decoded with
    /// every optional field absent and encoded again.
    mutating func addDefaults(from encoded: JSONValue) {
        switch type {
        case .object:
            guard case .object(let object) = encoded else { return }
            for index in fields.indices {
                guard let value = object[fields[index].name] else { continue }
                if fields[index].isOptional, !value.isNull, fields[index].value.type != .dateTime {
                    fields[index].defaultValue = value
                }
                fields[index].value.addDefaults(from: value)
            }
        case .array:
            guard case .array(let elements) = encoded, let first = elements.first else { return }
            element?.addDefaults(from: first)
        case .string, .integer, .number, .boolean, .dateTime, .uuid, .any:
            return
        }
    }
}
