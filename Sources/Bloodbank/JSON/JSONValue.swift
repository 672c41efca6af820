/// A JSON value as parsed from a message body or built for one.
///
/// Integers are kept apart from other numbers, so every integer in the Int64 range
/// survives a round trip exactly. Only a number with a fraction or an exponent, or an
/// integer outside the Int64 range, becomes a `.double`. Objects keep their key order.
public enum JSONValue: Sendable, Hashable {
    /// The JSON `null` literal.
    case null
    /// A JSON `true` or `false`.
    case bool(Bool)
    /// A number written without a fraction or an exponent that fits in Int64.
    case int(Int64)
    /// Any other number. Always finite when it comes from the parser.
    case double(Double)
    /// A string, already unescaped.
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object with its members in their original order.
    case object(JSONObject)
}

extension JSONValue {
    /// The string, if this value is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The object, if this value is an object.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The elements, if this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The Boolean, if this value is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The integer, if this value is an integer in the Int64 range.
    ///
    /// A `.double` is not converted, even when it has no fraction.
    public var int64Value: Int64? {
        if case .int(let int) = self { return int }
        return nil
    }

    /// The number as a Double, if this value is a number of either kind.
    ///
    /// Integers beyond 2^53 lose precision in this conversion.
    public var doubleValue: Double? {
        switch self {
        case .int(let int): return Double(int)
        case .double(let double): return double
        case .null, .bool, .string, .array, .object: return nil
        }
    }

    /// Whether this value is the `null` literal.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Accesses the member named `key`, if this value is an object that has one.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// A short description of the kind of value, such as "a string" or "an object".
    ///
    /// Error messages use it instead of the value itself, so that no payload content
    /// leaks into logs.
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `.null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates `.bool`.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates `.int`.
    public init(integerLiteral value: Int64) {
        self = .int(value)
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Creates `.double`.
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates `.string`.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates `.array`.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates `.object` with the members in literal order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject(minimumCapacity: elements.count)
        for (key, value) in elements {
            object[key] = value
        }
        self = .object(object)
    }
}

extension JSONValue {
    /// A short rendering for error messages: scalars as JSON text, strings quoted and
    /// cut after 40 characters, arrays and objects by kind only.
    var excerpt: String {
        switch self {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .double(let double): return String(double)
        case .string(let string):
            let limit = 40
            var shown = ""
            for scalar in string.unicodeScalars.prefix(limit) {
                switch scalar {
                case "\"": shown += "\\\""
                case "\\": shown += "\\\\"
                default: shown += scalar.value < 0x20 ? "?" : String(scalar)
                }
            }
            return "\"" + shown + (string.unicodeScalars.count > limit ? "...\"" : "\"")
        case .array, .object: return kindDescription
        }
    }
}
