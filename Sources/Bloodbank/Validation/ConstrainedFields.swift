/// A `Decodable` type that declares rules for its fields beyond their Swift types.
///
/// The rules sit in one table keyed by the type's own `CodingKeys`, so the field list
/// is never repeated and a misspelled key does not compile:
///
/// ```swift
/// extension LessonPromoted: ConstrainedFields {
///     static let fieldConstraints = FieldConstraints(CodingKeys.self, [
///         .lessonVersion: [.semanticVersion],
///         .ttlDays: [.minimum(1)],
///     ])
///     static let unknownFields = UnknownFieldPolicy.forbid
/// }
/// ```
///
/// The recording decoder behind ``PayloadSchema`` picks the table up, so the rules
/// reach ``PayloadValidator``, the generated JSON Schema and the generated examples
/// with no further code. Nested types conform the same way.
public protocol ConstrainedFields {
    /// The constraints of each field, by JSON member name.
    static var fieldConstraints: FieldConstraints { get }

    /// What validation does with a member that the type does not decode.
    static var unknownFields: UnknownFieldPolicy { get }
}

extension ConstrainedFields {
    /// No constraints.
    public static var fieldConstraints: FieldConstraints { FieldConstraints() }

    /// ``UnknownFieldPolicy/ignore``, as Pydantic models do by default.
    public static var unknownFields: UnknownFieldPolicy { .ignore }
}

/// What validating an object does with a member its type does not decode.
public enum UnknownFieldPolicy: String, Sendable, Hashable {
    /// Accept the member and drop it when decoding; the default, as in Pydantic.
    case ignore
    /// Reject the member with a ``ValidationIssue/Code/unknownField`` issue, like a
    /// Pydantic model with `extra="forbid"`; the JSON Schema gets
    /// `"additionalProperties": false`.
    case forbid
}

/// The constraints of a type's fields, keyed by JSON member name.
public struct FieldConstraints: Sendable, Hashable {
    /// The constraints of each field, by JSON member name.
    public private(set) var byFieldName: [String: [FieldConstraint]]

    /// Creates an empty table.
    public init() {
        byFieldName = [:]
    }

    /// Creates a table keyed by a type's coding keys.
    ///
    /// - Parameters:
    ///   - keys: The coding key type, usually `CodingKeys.self`; it only fixes the key
    ///     type of `table`.
    ///   - table: The constraints of each field that has any.
    public init<Key: CodingKey & Hashable>(_ keys: Key.Type, _ table: [Key: [FieldConstraint]]) {
        var byFieldName: [String: [FieldConstraint]] = [:]
        for (key, constraints) in table {
            byFieldName[key.stringValue, default: []] += constraints
        }
        self.byFieldName = byFieldName
    }

    /// The constraints of the field named `name`; empty when it has none.
    public subscript(name: String) -> [FieldConstraint] {
        byFieldName[name] ?? []
    }

    /// Whether no field has a constraint.
    public var isEmpty: Bool {
        byFieldName.isEmpty
    }
}
