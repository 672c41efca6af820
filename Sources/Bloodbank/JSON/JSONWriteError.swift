/// An error that the JSON writer reports for a value that JSON cannot represent.
public struct JSONWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of unrepresentable value.
    public enum Code: Sendable, Hashable {
        /// A Double that is NaN or infinite, which RFC 8259 has no syntax for.
        case nonFiniteNumber
    }

    /// The kind of unrepresentable value.
    public var code: Code
    /// The location of the value in the document being written.
    public var path: JSONPath

    /// Creates an error.
    public init(code: Code, path: JSONPath) {
        self.code = code
        self.path = path
    }

    /// One sentence naming the path and the problem.
    public var description: String {
        switch code {
        case .nonFiniteNumber:
            return "\(path): cannot write NaN or infinity as JSON; use a finite number or null"
        }
    }
}
