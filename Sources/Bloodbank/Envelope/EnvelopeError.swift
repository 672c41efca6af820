/// An error reading, writing or converting an ``EventEnvelope``.
///
/// Each error names the JSON path of the field involved, such as `event_id` or
/// `payload.sentences[2].text`, and states what was expected. It shows at most a short
/// excerpt of a scalar value and never a whole payload.
public struct EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Hashable {
        /// The message body is not valid JSON; ``EnvelopeError/jsonError`` has details.
        case invalidJSON
        /// A required field is absent.
        case missingField
        /// A field has the wrong JSON type or a value that cannot be parsed.
        case invalidField
        /// The envelope contains a number that JSON cannot represent (NaN or infinite).
        case unwritableValue
        /// A typed payload could not be encoded to JSON.
        case payloadEncodingFailed
        /// The payload does not match the requested payload type.
        case payloadDecodingFailed
    }

    /// The kind of failure.
    public var code: Code
    /// The field involved; the root path for an error about the whole body.
    public var path: JSONPath
    /// The failure at ``path`` in words, such as `expected a UUID string, found "abc"`.
    public var detail: String
    /// The parser's error when ``code`` is ``Code/invalidJSON``.
    public var jsonError: JSONParseError?

    /// Creates an error.
    public init(code: Code, path: JSONPath, detail: String, jsonError: JSONParseError? = nil) {
        self.code = code
        self.path = path
        self.detail = detail
        self.jsonError = jsonError
    }

    /// One sentence naming the field path and the problem, such as
    /// `event_id: expected a UUID string, found "abc"`.
    public var description: String {
        "\(path): \(detail)"
    }
}

extension EnvelopeError {
    static func invalidJSON(_ error: JSONParseError) -> EnvelopeError {
        EnvelopeError(code: .invalidJSON, path: .root, detail: "the message body is not valid JSON: \(error)", jsonError: error)
    }

    static func missing(_ path: JSONPath, expected: String) -> EnvelopeError {
        EnvelopeError(code: .missingField, path: path, detail: "missing required field, expected \(expected)")
    }

    static func invalid(_ path: JSONPath, expected: String, found value: JSONValue) -> EnvelopeError {
        EnvelopeError(code: .invalidField, path: path, detail: "expected \(expected), found \(value.excerpt)")
    }

    /// Converts a writer error whose path is relative to `base`.
    static func unwritable(_ error: JSONWriteError, under base: JSONPath) -> EnvelopeError {
        EnvelopeError(
            code: .unwritableValue,
            path: JSONPath(base.components + error.path.components),
            detail: "NaN and infinity cannot be written as JSON; use a finite number or null"
        )
    }

    /// Converts a `DecodingError` or `EncodingError` from a payload's `Codable`
    /// conformance, prefixing its coding path with `payload`.
    static func payload(_ error: any Error, code: Code) -> EnvelopeError {
        let payloadPath = JSONPath([.key("payload")])
        switch error {
        case let decodingError as DecodingError:
            switch decodingError {
            case .keyNotFound(let key, let context):
                let path = JSONPath(payloadPath.components + JSONPath(codingPath: context.codingPath + [key]).components)
                return EnvelopeError(code: code, path: path, detail: "missing required field")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let path = JSONPath(payloadPath.components + JSONPath(codingPath: context.codingPath).components)
                return EnvelopeError(code: code, path: path, detail: context.debugDescription)
            @unknown default:
                return EnvelopeError(code: code, path: payloadPath, detail: "\(decodingError)")
            }
        case let encodingError as EncodingError:
            switch encodingError {
            case .invalidValue(_, let context):
                let path = JSONPath(payloadPath.components + JSONPath(codingPath: context.codingPath).components)
                return EnvelopeError(code: code, path: path, detail: context.debugDescription)
            @unknown default:
                return EnvelopeError(code: code, path: payloadPath, detail: "\(encodingError)")
            }
        default:
            return EnvelopeError(code: code, path: payloadPath, detail: "\(error)")
        }
    }
}
