import Synchronization

/// Checks JSON values against the shape that a `Decodable` type decodes, reporting
/// every mismatch at once.
///
/// The shape comes from ``ValueDescription``, so it includes the type's
/// ``ConstrainedFields`` rules and stays in step with the type's `init(from:)`. Checks
/// follow the wire contract and Pydantic's defaults. A required field must be present
/// and not null, and an optional one may be absent or null. Unknown members pass unless
/// the type forbids them. Integers are read exactly across the Int64 range.
public enum PayloadValidator {
    /// Descriptions of the types validated so far with their plans, so that each type
    /// is recorded and prepared once.
    private static let descriptions = Mutex<[ObjectIdentifier: (description: ValueDescription, plan: ValidationPlan)]>([:])

    /// Returns the shape `type` decodes, recording it on first use.
    ///
    /// - Throws: ``ValidationError`` with code ``ValidationError/Code/undescribableType``
    ///   when the recording decoder cannot describe the type.
    public static func description<T: Decodable>(of type: T.Type) throws(ValidationError) -> ValueDescription {
        try describedType(T.self).description
    }

    /// Returns the plan for checking values against `type`, prepared on first use.
    static func plan<T: Decodable>(of type: T.Type) throws(ValidationError) -> ValidationPlan {
        // Only the plan leaves the lock, because copying the description out retains
        // each of its arrays.
        if let plan = descriptions.withLock({ $0[ObjectIdentifier(T.self)]?.plan }) {
            return plan
        }
        return try describedType(T.self).plan
    }

    private static func describedType<T: Decodable>(
        _ type: T.Type
    ) throws(ValidationError) -> (description: ValueDescription, plan: ValidationPlan) {
        let key = ObjectIdentifier(T.self)
        if let cached = descriptions.withLock({ $0[key] }) {
            return cached
        }
        let description: ValueDescription
        do {
            description = try ValueDescription(describing: T.self)
        } catch {
            throw ValidationError(code: .undescribableType, swiftType: "\(T.self)", issues: [], detail: error.description)
        }
        let described = (description, ValidationPlan(description))
        descriptions.withLock { $0[key] = described }
        return described
    }

    /// Checks `value` against `type` without decoding it.
    ///
    /// - Throws: ``ValidationError`` listing every issue, with paths from the root of
    ///   `value`.
    public static func validate<T: Decodable>(_ value: JSONValue, as type: T.Type) throws(ValidationError) {
        let issues = issues(in: value, against: try plan(of: T.self), at: .root)
        guard issues.isEmpty else {
            throw ValidationError(code: .invalidValue, swiftType: "\(T.self)", issues: issues)
        }
    }

    /// Checks `value` against `type`, then decodes it with ``JSONValueDecoder``.
    ///
    /// A type that the recording decoder cannot describe, such as one whose
    /// `init(from:)` rejects the sample values, is decoded without the check.
    ///
    /// - Throws: ``ValidationError`` listing every issue; a failure that only the
    ///   type's own `init(from:)` detects is reported as one issue at its coding path.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(ValidationError) -> T {
        if let plan = try? plan(of: T.self) {
            let issues = issues(in: value, against: plan, at: .root)
            guard issues.isEmpty else {
                throw ValidationError(code: .invalidValue, swiftType: "\(T.self)", issues: issues)
            }
        }
        do {
            return try JSONValueDecoder().decode(T.self, from: value)
        } catch {
            throw ValidationError(code: .invalidValue, swiftType: "\(T.self)", issues: [ValidationIssue(decodingError: error)])
        }
    }

    /// Returns every issue of `value` against `description`, in document order, with
    /// paths starting at `path`.
    ///
    /// The description is prepared for checking on every call; ``validate(_:as:)`` and
    /// ``decode(_:from:)`` prepare each type once.
    public static func issues(
        in value: JSONValue,
        against description: ValueDescription,
        at path: JSONPath = .root
    ) -> [ValidationIssue] {
        issues(in: value, against: ValidationPlan(description), at: path)
    }

    static func issues(in value: JSONValue, against plan: ValidationPlan, at path: JSONPath) -> [ValidationIssue] {
        var walker = ValidationWalker(at: path)
        walker.check(value, against: plan)
        return walker.issues
    }
}

extension ValidationIssue {
    /// Converts an error thrown by a type's `init(from:)` after validation passed.
    init(decodingError error: any Error) {
        guard let decodingError = error as? DecodingError else {
            self.init(code: .invalidType, path: .root, expected: "a value the type accepts", found: "\(error)")
            return
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            self.init(code: .missingField, path: JSONPath(codingPath: context.codingPath + [key]), expected: "a value", found: "nothing")
        case .valueNotFound(_, let context):
            self.init(code: .nullValue, path: JSONPath(codingPath: context.codingPath), expected: "a value", found: "null")
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            self.init(
                code: .invalidType,
                path: JSONPath(codingPath: context.codingPath),
                expected: "a value the type accepts",
                found: context.debugDescription
            )
        @unknown default:
            self.init(code: .invalidType, path: .root, expected: "a value the type accepts", found: "\(decodingError)")
        }
    }
}
