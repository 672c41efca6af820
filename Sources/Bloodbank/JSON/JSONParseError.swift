/// An error that the JSON parser reports for input that is not strict RFC 8259 JSON.
///
/// It carries the byte offset where parsing stopped and what the parser expected
/// there, never the input itself.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of syntax error.
    public enum Code: Sendable, Hashable {
        /// The input ended inside a value.
        case unexpectedEndOfInput
        /// A byte that cannot start or continue the current construct.
        case unexpectedByte
        /// A number that breaks the JSON number grammar, such as `01`, `1.` or `-`.
        case invalidNumber
        /// A number whose magnitude does not fit in a Double.
        case numberOutOfRange
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape
        /// A `\u` escape of a UTF-16 surrogate without its other half.
        case loneSurrogate
        /// An unescaped control character (U+0000 to U+001F) inside a string.
        case controlCharacterInString
        /// Bytes that are not valid UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than ``JSONValue/maximumNestingDepth``.
        case nestingTooDeep
        /// Non-whitespace bytes after the top-level value.
        case trailingData
    }

    /// The kind of syntax error.
    public var code: Code
    /// The zero-based byte offset in the input where the error was found.
    public var offset: Int
    /// The token or value expected at ``offset``, such as "',' or ']'".
    public var expected: String

    /// Creates an error.
    public init(code: Code, offset: Int, expected: String) {
        self.code = code
        self.offset = offset
        self.expected = expected
    }

    /// One sentence naming the byte offset and what was expected there.
    public var description: String {
        "invalid JSON at byte \(offset): \(summary), expected \(expected)"
    }

    private var summary: String {
        switch code {
        case .unexpectedEndOfInput: return "the input ends early"
        case .unexpectedByte: return "unexpected byte"
        case .invalidNumber: return "invalid number"
        case .numberOutOfRange: return "number out of the Double range"
        case .invalidEscape: return "invalid escape sequence"
        case .loneSurrogate: return "unpaired UTF-16 surrogate escape"
        case .controlCharacterInString: return "unescaped control character in a string"
        case .invalidUTF8: return "invalid UTF-8"
        case .nestingTooDeep: return "arrays and objects nested more than \(JSONValue.maximumNestingDepth) levels"
        case .trailingData: return "data after the JSON value"
        }
    }
}
