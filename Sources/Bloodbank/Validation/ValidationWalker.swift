/// Walks a JSON value and its description side by side, collecting issues.
struct ValidationWalker {
    private(set) var issues: [ValidationIssue] = []
    /// The path of the value being checked. It grows and shrinks as the walk goes in
    /// and out, and becomes a ``JSONPath`` only for an issue.
    private var components: [JSONPath.Component]

    /// Creates a walker whose paths start at `path`.
    init(at path: JSONPath = .root) {
        components = path.components
        components.reserveCapacity(path.components.count + 8)
    }

    private var path: JSONPath {
        JSONPath(components)
    }

    /// Checks the value at `component` below the current value.
    private mutating func check(_ value: JSONValue, against plan: ValidationPlan, at component: JSONPath.Component) {
        components.append(component)
        check(value, against: plan)
        components.removeLast()
    }

    /// 2^53. Below this magnitude a Double represents every integer exactly, so an
    /// integral Double read from JSON is the integer that was written. At 2^53 and
    /// above it may be a rounded neighbour.
    static let exactDoubleLimit = 9_007_199_254_740_992.0

    /// Checks `value`, found at the walker's current path, against `plan`.
    mutating func check(_ value: JSONValue, against plan: ValidationPlan) {
        if !plan.enumValues.isEmpty {
            checkEnumeration(value, against: plan)
            return
        }
        switch plan.type {
        case .string:
            guard case .string(let string) = value else { return mismatch(value, expected: "a string") }
            checkString(string, constraints: plan.constraints)
        case .uuid:
            guard case .string(let string) = value else { return mismatch(value, expected: "a UUID string") }
            if !StringFormat.uuid.matches(string) {
                add(.invalidFormat, path, expected: "a UUID string", found: JSONValue.string(string).excerpt)
            }
            checkString(string, constraints: plan.constraints)
        case .dateTime:
            guard case .string(let string) = value else {
                return mismatch(value, expected: "an RFC 3339 date-time string")
            }
            if !StringFormat.dateTime.matches(string) {
                add(.invalidFormat, path, expected: "an RFC 3339 date-time string", found: JSONValue.string(string).excerpt)
            }
            checkString(string, constraints: plan.constraints)
        case .integer:
            guard let integer = checkInteger(value, range: plan.integerRange) else { return }
            checkNumber(.integer(integer), constraints: plan.constraints)
        case .number:
            switch value {
            case .int(let integer): checkNumber(.integer(integer), constraints: plan.constraints)
            case .double(let double): checkNumber(.double(double), constraints: plan.constraints)
            case .null, .bool, .string, .array, .object: mismatch(value, expected: "a number")
            }
        case .boolean:
            guard case .bool = value else { return mismatch(value, expected: "a Boolean") }
        case .array:
            guard case .array(let elements) = value else { return mismatch(value, expected: "an array") }
            checkArray(elements, against: plan)
        case .object:
            guard case .object(let object) = value else { return mismatch(value, expected: "an object") }
            checkObject(object, against: plan)
        case .any:
            return
        }
    }

    // MARK: Kinds

    private mutating func checkEnumeration(_ value: JSONValue, against plan: ValidationPlan) {
        let text: String?
        switch (plan.type, value) {
        case (.integer, .int(let integer)): text = String(integer)
        case (.string, .string(let string)): text = string
        default: text = nil
        }
        guard let text else { return mismatch(value, expected: plan.enumExpectation) }
        if !plan.enumValues.contains(text) {
            add(.notAllowed, path, expected: plan.enumExpectation, found: value.excerpt)
        }
    }

    /// Returns "one of ..." for the values of an enumeration, quoting strings.
    static func enumerationExpectation(_ description: ValueDescription) -> String {
        "one of " + description.enumValues.map { description.type == .string ? "\"\($0)\"" : $0 }.joined(separator: ", ")
    }

    /// Returns the exact integer, or nil after adding an issue.
    private mutating func checkInteger(_ value: JSONValue, range: IntegerRange) -> Int64? {
        let integer: Int64
        switch value {
        case .int(let exact):
            integer = exact
        case .double(let double):
            guard double.rounded(.towardZero) == double else {
                add(.invalidType, path, expected: "an integer", found: "\(value.excerpt), which has a fraction")
                return nil
            }
            // An integer in the Int64 range parses as .int, so a Double at -2^63 came from
            // a value beyond the range that rounded to it.
            guard double > -9_223_372_036_854_775_808.0, double < 9_223_372_036_854_775_808.0 else {
                add(.outOfRange, path, expected: range.description, found: "\(value.excerpt), outside the Int64 range")
                return nil
            }
            guard abs(double) < Self.exactDoubleLimit else {
                add(
                    .invalidType,
                    path,
                    expected: "an integer written without a fraction or an exponent",
                    found: "\(value.excerpt), which a double cannot hold exactly from 2^53 on"
                )
                return nil
            }
            integer = Int64(double)
        case .null, .bool, .string, .array, .object:
            mismatch(value, expected: "an integer")
            return nil
        }
        guard range.contains(integer) else {
            add(.outOfRange, path, expected: range.description, found: String(integer))
            return nil
        }
        return integer
    }

    private mutating func checkArray(_ elements: [JSONValue], against plan: ValidationPlan) {
        for constraint in plan.constraints {
            switch constraint {
            case .minItems(let minimum) where elements.count < minimum:
                add(.tooFewItems, path, expected: "at least \(items(minimum))", found: "an array of \(items(elements.count))")
            case .maxItems(let maximum) where elements.count > maximum:
                add(.tooManyItems, path, expected: "at most \(items(maximum))", found: "an array of \(items(elements.count))")
            case .uniqueItems:
                var seen: [JSONValue: Int] = [:]
                for (index, element) in elements.enumerated() {
                    if let first = seen[element] {
                        add(.duplicateItems, at: .index(index), expected: "distinct elements", found: "a copy of element \(first)")
                    } else {
                        seen[element] = index
                    }
                }
            default:
                continue
            }
        }
        // The plan's element carries the array's `elements` constraints.
        guard let element = plan.element else { return }
        for index in elements.indices {
            check(elements[index], against: element, at: .index(index))
        }
    }

    private mutating func checkObject(_ object: JSONObject, against plan: ValidationPlan) {
        guard !plan.fields.isEmpty else {
            // A dictionary: every member has the value type's shape.
            guard let element = plan.element else { return }
            for member in object {
                check(member.value, against: element, at: .key(member.key))
            }
            return
        }
        // Fields are described in decoding order, which producers usually write in,
        // so the member after the last one found is looked at first.
        var hint = 0
        for field in plan.fields {
            guard let position = object.position(of: field.name, hint: hint) else {
                if !field.isOptional {
                    add(.missingField, at: .key(field.name), expected: field.plan.expectation, found: "nothing")
                }
                continue
            }
            hint = position + 1
            let value = object[position].value
            if value.isNull {
                if !field.isOptional && field.plan.type != .any {
                    add(.nullValue, at: .key(field.name), expected: field.plan.expectation, found: "null")
                }
                continue
            }
            check(value, against: field.plan, at: .key(field.name))
        }
        guard plan.forbidsUnknownFields else { return }
        for member in object where !plan.fieldNames.contains(member.key) {
            add(.unknownField, at: .key(member.key), expected: plan.fieldList, found: member.value.kindDescription)
        }
    }

    // MARK: Constraints

    private mutating func checkString(_ string: String, constraints: [FieldConstraint]) {
        for constraint in constraints {
            switch constraint {
            case .minLength(let minimum):
                let length = string.unicodeScalars.count
                if length < minimum {
                    add(.tooShort, path, expected: "at least \(characters(minimum))", found: "a string of \(characters(length))")
                }
            case .maxLength(let maximum):
                let length = string.unicodeScalars.count
                if length > maximum {
                    add(.tooLong, path, expected: "at most \(characters(maximum))", found: "a string of \(characters(length))")
                }
            case .pattern(let pattern, _):
                if !Self.matches(string, pattern: pattern) {
                    add(.patternMismatch, path, expected: "a string matching \(pattern)", found: JSONValue.string(string).excerpt)
                }
            case .format(let format):
                if !format.matches(string) {
                    add(.invalidFormat, path, expected: Self.describe(format), found: JSONValue.string(string).excerpt)
                }
            case .oneOf(let allowed):
                if !allowed.contains(string) {
                    let expected = "one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
                    add(.notAllowed, path, expected: expected, found: JSONValue.string(string).excerpt)
                }
            case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum, .minItems, .maxItems, .uniqueItems, .elements:
                continue
            }
        }
    }

    private mutating func checkNumber(_ number: NumericValue, constraints: [FieldConstraint]) {
        let found: String
        switch number {
        case .integer(let integer): found = String(integer)
        case .double(let double): found = JSONValue.double(double).excerpt
        }
        for constraint in constraints {
            switch constraint {
            case .minimum(let bound) where bound.compare(number) < 0:
                add(.outOfRange, path, expected: "a number of at least \(bound)", found: found)
            case .maximum(let bound) where bound.compare(number) > 0:
                add(.outOfRange, path, expected: "a number of at most \(bound)", found: found)
            case .exclusiveMinimum(let bound) where bound.compare(number) <= 0:
                add(.outOfRange, path, expected: "a number greater than \(bound)", found: found)
            case .exclusiveMaximum(let bound) where bound.compare(number) >= 0:
                add(.outOfRange, path, expected: "a number less than \(bound)", found: found)
            default:
                continue
            }
        }
    }

    // MARK: Helpers

    private mutating func add(_ code: ValidationIssue.Code, _ path: JSONPath, expected: String, found: String) {
        issues.append(ValidationIssue(code: code, path: path, expected: expected, found: found))
    }

    /// Adds an issue of the value at `component` below the current value.
    private mutating func add(_ code: ValidationIssue.Code, at component: JSONPath.Component, expected: String, found: String) {
        add(code, JSONPath(components + [component]), expected: expected, found: found)
    }

    private mutating func mismatch(_ value: JSONValue, expected: String) {
        add(value.isNull ? .nullValue : .invalidType, path, expected: expected, found: value.kindDescription)
    }

    private func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }

    private func items(_ count: Int) -> String {
        count == 1 ? "1 element" : "\(count) elements"
    }

    static func matches(_ string: String, pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return string.contains(regex)
    }

    static func describe(_ format: StringFormat) -> String {
        switch format {
        case .uuid: return "a UUID string"
        case .uri: return "an absolute URI"
        case .dateTime: return "an RFC 3339 date-time string"
        case .email: return "an e-mail address"
        }
    }

    /// Describes the JSON a value must be, such as "a string" or "one of "a", "b"".
    static func describe(_ description: ValueDescription) -> String {
        if !description.enumValues.isEmpty {
            return enumerationExpectation(description)
        }
        switch description.type {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "a Boolean"
        case .object: return "an object"
        case .array: return "an array"
        case .dateTime: return "an RFC 3339 date-time string"
        case .uuid: return "a UUID string"
        case .any: return "any JSON value"
        }
    }

    static func fieldList(_ fields: [FieldDescription]) -> String {
        let names = fields.prefix(12).map(\.name).joined(separator: ", ")
        return fields.count > 12 ? names + " and \(fields.count - 12) more" : names
    }
}

/// The values a Swift integer type holds, read from its name.
struct IntegerRange: CustomStringConvertible {
    var minimum: Int64
    var maximum: Int64

    init(swiftType: String) {
        switch swiftType {
        case "Int8": (minimum, maximum) = (Int64(Int8.min), Int64(Int8.max))
        case "Int16": (minimum, maximum) = (Int64(Int16.min), Int64(Int16.max))
        case "Int32": (minimum, maximum) = (Int64(Int32.min), Int64(Int32.max))
        case "UInt8": (minimum, maximum) = (0, Int64(UInt8.max))
        case "UInt16": (minimum, maximum) = (0, Int64(UInt16.max))
        case "UInt32": (minimum, maximum) = (0, Int64(UInt32.max))
        case "UInt", "UInt64": (minimum, maximum) = (0, Int64.max)
        default: (minimum, maximum) = (Int64.min, Int64.max)
        }
    }

    func contains(_ value: Int64) -> Bool {
        value >= minimum && value <= maximum
    }

    var description: String {
        "an integer from \(minimum) to \(maximum)"
    }
}
