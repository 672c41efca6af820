/// One rule that a field's JSON value must satisfy beyond its type, such as a
/// maximum length or a numeric range.
///
/// Constraints mirror the JSON Schema 2020-12 validation keywords, so each one is both
/// checked by ``PayloadValidator`` and written into the generated schema. A type
/// declares them once, next to its coding keys, through ``ConstrainedFields``.
public enum FieldConstraint: Sendable, Hashable {
    /// A string has at least this many characters (Unicode scalars, as JSON Schema
    /// counts them).
    case minLength(Int)
    /// A string has at most this many characters (Unicode scalars).
    case maxLength(Int)
    /// A string contains a match of this regular expression somewhere, as JSON Schema's
    /// `pattern` keyword requires. Anchor it with `^` and `$` to match the whole string.
    /// `example` is a matching string for generated example payloads.
    case pattern(String, example: String)
    /// A string has this format.
    case format(StringFormat)
    /// A number is at least this bound.
    case minimum(ConstraintNumber)
    /// A number is at most this bound.
    case maximum(ConstraintNumber)
    /// A number is greater than this bound.
    case exclusiveMinimum(ConstraintNumber)
    /// A number is less than this bound.
    case exclusiveMaximum(ConstraintNumber)
    /// A string is one of these values; for a field typed `String` whose values are
    /// fixed. A Swift enumeration that is `CaseIterable` states its values by itself.
    case oneOf([String])
    /// An array has at least this many elements.
    case minItems(Int)
    /// An array has at most this many elements.
    case maxItems(Int)
    /// No two elements of an array are equal.
    case uniqueItems
    /// Every element of an array satisfies these constraints.
    case elements([FieldConstraint])
}

extension FieldConstraint {
    /// The pattern of a semantic version such as `1.4.0` or `2.0.0-rc.1+build.5`,
    /// following the grammar of semver.org 2.0.0 without its leading-zero rules.
    public static let semanticVersion = FieldConstraint.pattern(
        #"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"#,
        example: "1.0.0"
    )

    /// Constraints for an integer from `range.lowerBound` to `range.upperBound`, both
    /// included, with exact integer bounds.
    public static func range(_ range: ClosedRange<Int64>) -> [FieldConstraint] {
        [.minimum(.integer(range.lowerBound)), .maximum(.integer(range.upperBound))]
    }

    /// Constraints for a floating-point number from `range.lowerBound` to
    /// `range.upperBound`, both included.
    public static func numberRange(_ range: ClosedRange<Double>) -> [FieldConstraint] {
        [.minimum(.number(range.lowerBound)), .maximum(.number(range.upperBound))]
    }
}

/// A numeric bound of a constraint: an exact integer or a floating-point number.
///
/// Integer bounds stay integers, so a bound near `Int64.max` compares exactly with an
/// integer field.
public enum ConstraintNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// An exact integer bound.
    case integer(Int64)
    /// A floating-point bound.
    case number(Double)

    /// Creates an integer bound.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }

    /// Creates a floating-point bound.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }

    /// The bound as JSON, an integer or a number.
    public var jsonValue: JSONValue {
        switch self {
        case .integer(let value): return .int(value)
        case .number(let value): return .double(value)
        }
    }

    /// The bound as JSON text, such as `10` or `0.5`.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value): return JSONValue.double(value).excerpt
        }
    }

    /// Compares a JSON number with this bound: negative when `value` is below the bound,
    /// zero when equal, positive when above. Integers compare exactly with integer
    /// bounds.
    func compare(_ value: NumericValue) -> Int {
        switch (value, self) {
        case (.integer(let lhs), .integer(let rhs)):
            return lhs < rhs ? -1 : (lhs == rhs ? 0 : 1)
        case (.integer(let lhs), .number(let rhs)):
            return Self.compare(exact: lhs, with: rhs)
        case (.double(let lhs), .integer(let rhs)):
            return -Self.compare(exact: rhs, with: lhs)
        case (.double(let lhs), .number(let rhs)):
            return lhs < rhs ? -1 : (lhs == rhs ? 0 : 1)
        }
    }

    /// Compares an integer with a double without rounding the integer to a double.
    private static func compare(exact integer: Int64, with double: Double) -> Int {
        if double.isNaN { return 0 }
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let truncated = Int64(double.rounded(.towardZero))
        if integer != truncated {
            return integer < truncated ? -1 : 1
        }
        let fraction = double - double.rounded(.towardZero)
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
    }
}

/// A JSON number as the validator compares it: an exact integer or a double.
enum NumericValue {
    case integer(Int64)
    case double(Double)
}
