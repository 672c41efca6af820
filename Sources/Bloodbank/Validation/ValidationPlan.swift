/// A ``ValueDescription`` prepared for checking: the same rules, with what each check
/// needs worked out once instead of on every value.
///
/// ``PayloadValidator`` builds the plan of a type once and keeps it. Plans are classes,
/// so that walking one passes references where walking a description copies structs
/// that hold several arrays.
final class ValidationPlan: Sendable {
    /// One field of an object.
    struct Field: Sendable {
        let name: String
        let isOptional: Bool
        let plan: ValidationPlan
    }

    let type: JSONFieldType
    /// The allowed values of an enumeration, empty otherwise.
    let enumValues: Set<String>
    /// "one of ..." for an enumeration; empty otherwise.
    let enumExpectation: String
    /// The fields of an object in decoding order; empty for a free-form object or a dictionary.
    let fields: [Field]
    /// The plan of an array's elements, with the array's `elements` constraints added,
    /// or of a dictionary's values.
    let element: ValidationPlan?
    let constraints: [FieldConstraint]
    /// The range of an integer's Swift type.
    let integerRange: IntegerRange
    let forbidsUnknownFields: Bool
    /// The field names, for finding unknown members when they are forbidden.
    let fieldNames: Set<String>
    /// The field names as the issue of an unknown member lists them.
    let fieldList: String
    /// The JSON the value must be, in words, as the issue of a missing or null field states it.
    let expectation: String

    /// Prepares `description` and every description inside it.
    init(_ description: ValueDescription) {
        type = description.type
        enumValues = Set(description.enumValues)
        enumExpectation = description.enumValues.isEmpty ? "" : ValidationWalker.enumerationExpectation(description)
        fields = description.fields.map { Field(name: $0.name, isOptional: $0.isOptional, plan: ValidationPlan($0.value)) }
        constraints = description.constraints
        integerRange = IntegerRange(swiftType: description.swiftType)
        forbidsUnknownFields = description.unknownFields == .forbid
        fieldNames = Set(description.fields.map(\.name))
        fieldList = ValidationWalker.fieldList(description.fields)
        expectation = ValidationWalker.describe(description)
        if var element = description.element {
            if description.type == .array {
                for constraint in description.constraints {
                    if case .elements(let elementConstraints) = constraint {
                        element.constraints += elementConstraints
                    }
                }
            }
            self.element = ValidationPlan(element)
        } else {
            self.element = nil
        }
    }
}
