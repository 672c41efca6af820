/// Generates example JSON values that satisfy a ``ValueDescription``, constraints
/// included.
///
/// Every field is filled, optional ones too, so an example shows the whole shape.
/// Strings are `example-<field name>` (valid as a routing-key segment), formats and
/// patterns use their examples, numbers sit inside their bounds, and arrays hold their
/// minimum number of elements but at least one.
public enum PayloadExample {
    /// Returns an example value for `description`.
    ///
    /// - Parameter name: The field name the value is for, used in example strings.
    public static func value(for description: ValueDescription, name: String = "value") -> JSONValue {
        if let first = description.enumValues.first {
            switch description.type {
            case .integer: return Int64(first).map(JSONValue.int) ?? .string(first)
            case .number: return Double(first).map(JSONValue.double) ?? .string(first)
            case .string, .boolean, .object, .array, .dateTime, .uuid, .any: return .string(first)
            }
        }
        switch description.type {
        case .string:
            return .string(string(for: description.constraints, name: name))
        case .uuid:
            return .string(StringFormat.uuid.example)
        case .dateTime:
            return .string(StringFormat.dateTime.example)
        case .integer:
            return .int(integer(within: description))
        case .number:
            return number(within: description.constraints)
        case .boolean:
            return true
        case .array:
            return array(for: description, name: name)
        case .object:
            return object(for: description, name: name)
        case .any:
            return .object(JSONObject())
        }
    }

    private static func string(for constraints: [FieldConstraint], name: String) -> String {
        var text = "example-\(name)"
        var minimum = 0
        var maximum = Int.max
        for constraint in constraints {
            switch constraint {
            case .pattern(_, let example): return example
            case .format(let format): return format.example
            case .oneOf(let values): if let first = values.first { return first }
            case .minLength(let length): minimum = max(minimum, length)
            case .maxLength(let length): maximum = min(maximum, length)
            case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum, .minItems, .maxItems, .uniqueItems, .elements:
                continue
            }
        }
        if text.unicodeScalars.count > maximum {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maximum)))
        }
        if text.unicodeScalars.count < minimum {
            text += String(repeating: "x", count: minimum - text.unicodeScalars.count)
        }
        return text
    }

    private static func integer(within description: ValueDescription) -> Int64 {
        let range = IntegerRange(swiftType: description.swiftType)
        var lower = range.minimum
        var upper = range.maximum
        for constraint in description.constraints {
            switch constraint {
            case .minimum(let bound): lower = max(lower, ceiling(bound))
            case .exclusiveMinimum(let bound): lower = max(lower, floor(bound) &+ 1)
            case .maximum(let bound): upper = min(upper, floor(bound))
            case .exclusiveMaximum(let bound): upper = min(upper, ceiling(bound) &- 1)
            default: continue
            }
        }
        return min(max(1, lower), upper)
    }

    private static func ceiling(_ bound: ConstraintNumber) -> Int64 {
        switch bound {
        case .integer(let value): return value
        case .number(let value): return Int64(exactly: value.rounded(.up)) ?? (value < 0 ? Int64.min : Int64.max)
        }
    }

    private static func floor(_ bound: ConstraintNumber) -> Int64 {
        switch bound {
        case .integer(let value): return value
        case .number(let value): return Int64(exactly: value.rounded(.down)) ?? (value < 0 ? Int64.min : Int64.max)
        }
    }

    private static func number(within constraints: [FieldConstraint]) -> JSONValue {
        var lower: Double?
        var upper: Double?
        for constraint in constraints {
            switch constraint {
            case .minimum(let bound), .exclusiveMinimum(let bound): lower = max(lower ?? -.infinity, double(bound))
            case .maximum(let bound), .exclusiveMaximum(let bound): upper = min(upper ?? .infinity, double(bound))
            default: continue
            }
        }
        switch (lower, upper) {
        case (let lower?, let upper?): return .double((lower + upper) / 2)
        case (let lower?, nil): return .double(lower + 1)
        case (nil, let upper?): return .double(upper - 1)
        case (nil, nil): return .double(1.5)
        }
    }

    private static func double(_ bound: ConstraintNumber) -> Double {
        switch bound {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        }
    }

    private static func array(for description: ValueDescription, name: String) -> JSONValue {
        var count = 1
        var elementConstraints: [FieldConstraint] = []
        for constraint in description.constraints {
            switch constraint {
            case .minItems(let minimum): count = max(count, minimum)
            case .maxItems(let maximum): count = min(count, maximum)
            case .elements(let constraints): elementConstraints += constraints
            default: continue
            }
        }
        guard var element = description.element else { return .array([]) }
        element.constraints += elementConstraints
        return .array((0..<count).map { _ in value(for: element, name: name) })
    }

    private static func object(for description: ValueDescription, name: String) -> JSONValue {
        var object = JSONObject()
        if description.fields.isEmpty {
            if let element = description.element {
                object["example-key"] = value(for: element, name: name)
            }
            return .object(object)
        }
        for field in description.fields {
            object[field.name] = value(for: field.value, name: field.name)
        }
        return .object(object)
    }
}
