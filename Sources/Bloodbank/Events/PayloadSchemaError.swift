/// An error describing a payload type with the recording decoder.
public struct PayloadSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Hashable {
        /// The type's `init(from:)` threw on the sample values the recorder supplies,
        /// for example because it validates a range or a format.
        case sampleRejected
        /// Nested types went deeper than ``ValueDescription/maximumDepth`` levels,
        /// which only a recursive type does.
        case nestingTooDeep
        /// An enumeration has no cases, so no sample value exists.
        case emptyEnumeration
    }

    /// The kind of failure.
    public var code: Code
    /// The Swift type being described when the failure happened.
    public var swiftType: String
    /// The JSON path of the field being described.
    public var path: JSONPath
    /// Details, such as the error the type's initializer threw.
    public var detail: String

    /// Creates an error.
    public init(code: Code, swiftType: String, path: JSONPath, detail: String) {
        self.code = code
        self.swiftType = swiftType
        self.path = path
        self.detail = detail
    }

    /// One sentence naming the type, the field path and the problem.
    public var description: String {
        switch code {
        case .sampleRejected:
            return "cannot describe \(swiftType) at \(path): its init(from:) rejected the sample value: \(detail)"
        case .nestingTooDeep:
            return "cannot describe \(swiftType) at \(path): types nest more than \(ValueDescription.maximumDepth) levels deep"
        case .emptyEnumeration:
            return "cannot describe \(swiftType) at \(path): the enumeration has no cases"
        }
    }
}
