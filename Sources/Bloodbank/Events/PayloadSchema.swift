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

    /// Creates a schema from its parts.
    public init(eventType: String, isLegacyName: Bool, swiftType: String, fields: [FieldDescription]) {
        self.eventType = eventType
        self.isLegacyName = isLegacyName
        self.swiftType = swiftType
        self.fields = fields
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
            fields: description.fields
        )
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

    /// Creates a field description.
    public init(name: String, isOptional: Bool, value: ValueDescription) {
        self.name = name
        self.isOptional = isOptional
        self.value = value
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
        element: ValueDescription? = nil
    ) {
        self.type = type
        self.swiftType = swiftType
        self.enumValues = enumValues
        self.fields = fields
        self.elementStorage = element.map { [$0] } ?? []
    }

    /// The element of an array; nil for other types, and for an array whose element
    /// the recorder could not reach.
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
        case .object: return fields.isEmpty ? "{}" : swiftType
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
    }
}
