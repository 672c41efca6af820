/// One reason a JSON value does not match its payload type.
///
/// Each issue names the field by its JSON path, what the type expects there and what
/// the value is. The found part describes the value by kind, size or a short excerpt
/// of a scalar, never by copying an object, an array or a long string.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The kind of mismatch.
    public enum Code: String, Sendable, Hashable {
        /// A required field is absent.
        case missingField
        /// A required field is `null`.
        case nullValue
        /// A member the type does not decode, under ``UnknownFieldPolicy/forbid``.
        case unknownField
        /// The value has another JSON type, such as a string for an integer or `1.5`
        /// for an integer.
        case invalidType
        /// A number is outside its type's range or its constraint's bounds, such as
        /// `9223372036854775808` for an Int64.
        case outOfRange
        /// A string is shorter than its minimum length.
        case tooShort
        /// A string is longer than its maximum length.
        case tooLong
        /// A string does not match its pattern.
        case patternMismatch
        /// A string does not have its format, such as a UUID or a date-time.
        case invalidFormat
        /// A value is not one of the allowed values of an enumeration.
        case notAllowed
        /// An array has fewer elements than its minimum.
        case tooFewItems
        /// An array has more elements than its maximum.
        case tooManyItems
        /// An array that must contain distinct elements contains two equal ones.
        case duplicateItems
    }

    /// The kind of mismatch.
    public var code: Code
    /// The field, such as `payload.sentences[2].text`.
    public var path: JSONPath
    /// The expected value, such as `at most 500 characters`.
    public var expected: String
    /// A description of the value found, such as `a string of 612 characters`.
    public var found: String

    /// Creates an issue.
    public init(code: Code, path: JSONPath, expected: String, found: String) {
        self.code = code
        self.path = path
        self.expected = expected
        self.found = found
    }

    /// The path and the mismatch, such as
    /// `notes_preview: expected at most 500 characters, found a string of 612 characters`.
    public var description: String {
        switch code {
        case .missingField:
            return "\(path): missing required field, expected \(expected)"
        case .unknownField:
            return "\(path): unknown field, found \(found); the type accepts only \(expected)"
        case .nullValue, .invalidType, .outOfRange, .tooShort, .tooLong, .patternMismatch, .invalidFormat,
            .notAllowed, .tooFewItems, .tooManyItems, .duplicateItems:
            return "\(path): expected \(expected), found \(found)"
        }
    }

    /// The issue with `base` put in front of its path, such as `payload`.
    public func prefixed(by base: JSONPath) -> ValidationIssue {
        var issue = self
        issue.path = JSONPath(base.components + path.components)
        return issue
    }
}

/// An error listing every reason a JSON value does not match its payload type.
///
/// Validation does not stop at the first problem, so one error reports every missing,
/// null, unknown and invalid field at once, like a Pydantic `ValidationError`.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure: issues found, or a type that could not be checked.
    public enum Code: Sendable, Hashable {
        /// The value does not match the type; ``ValidationError/issues`` lists why.
        case invalidValue
        /// The type could not be described, so nothing was checked;
        /// ``ValidationError/detail`` gives the reason.
        case undescribableType
    }

    /// The kind of failure.
    public var code: Code
    /// The Swift type the value was checked against.
    public var swiftType: String
    /// Every issue found, in document order; never empty for ``Code/invalidValue``.
    public var issues: [ValidationIssue]
    /// The reason for ``Code/undescribableType``; empty otherwise.
    public var detail: String

    /// Creates an error.
    public init(code: Code, swiftType: String, issues: [ValidationIssue], detail: String = "") {
        self.code = code
        self.swiftType = swiftType
        self.issues = issues
        self.detail = detail
    }

    /// The count of issues followed by each issue on its own line.
    public var description: String {
        switch code {
        case .undescribableType:
            return "cannot validate against \(swiftType): \(detail)"
        case .invalidValue:
            let count = issues.count == 1 ? "1 validation error" : "\(issues.count) validation errors"
            return "\(count) for \(swiftType):\n" + issues.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
