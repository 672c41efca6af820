extension EventEnvelope {
    /// The payload as an envelope stores it: a JSON tree, or the JSON text that the
    /// streaming encoder wrote from a typed payload.
    ///
    /// Keeping the text saves building a tree that ``EventEnvelope/encoded()`` would
    /// only write out again. Both forms compare and hash by their JSON value.
    enum PayloadStorage: Sendable {
        /// A parsed or built tree.
        case tree(JSONValue)
        /// Compact JSON text from ``JSONStreamingEncoder``, which writes only valid JSON
        /// within ``JSONValue/maximumNestingDepth``, so the text always parses.
        case text([UInt8])

        /// The payload as a tree; text is parsed on every read.
        var value: JSONValue {
            switch self {
            case .tree(let value):
                return value
            case .text(let bytes):
                do {
                    return try JSONValue.parse(bytes)
                } catch {
                    preconditionFailure("the streaming encoder wrote a payload that does not parse: \(error)")
                }
            }
        }

        /// The length of the text form; 0 for a tree.
        var textCount: Int {
            switch self {
            case .tree: return 0
            case .text(let bytes): return bytes.count
            }
        }

        /// Appends the payload's compact JSON text to `writer`.
        ///
        /// - Throws: ``EnvelopeError`` with code ``EnvelopeError/Code/unwritableValue``
        ///   when a tree contains NaN or an infinity.
        func write(to writer: JSONWriter) throws(EnvelopeError) {
            switch self {
            case .tree(let value):
                do {
                    try value.write(to: writer)
                } catch {
                    throw .unwritable(error, under: JSONPath([.key("payload")]))
                }
            case .text(let bytes):
                bytes.withUnsafeBufferPointer { writer.append($0) }
            }
        }
    }
}

extension EventEnvelope.PayloadStorage: Hashable {
    /// Compares the JSON values, so that text and a tree of the same value are equal.
    static func == (lhs: EventEnvelope.PayloadStorage, rhs: EventEnvelope.PayloadStorage) -> Bool {
        if case .text(let lhsBytes) = lhs, case .text(let rhsBytes) = rhs, lhsBytes == rhsBytes {
            return true
        }
        return lhs.value == rhs.value
    }

    /// Hashes the JSON value, to agree with `==`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
