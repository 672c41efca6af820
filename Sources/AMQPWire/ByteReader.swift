/// A bounds-checked, big-endian reader over a slice of bytes.
///
/// Every read checks the remaining length first and throws ``AMQPWireError/Code/truncated``
/// instead of trapping, because the bytes come from the peer (AMQP 0-9-1 section 4.2.5
/// defines the integer and string encodings read here).
struct ByteReader {
    /// The bytes being read; indices are those of the underlying buffer.
    let bytes: ArraySlice<UInt8>
    /// The index of the next unread byte.
    private(set) var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// The number of bytes not read yet.
    var remaining: Int { bytes.endIndex - index }

    var isAtEnd: Bool { index == bytes.endIndex }

    /// Makes an error whose ``AMQPWireError/offendingBytes`` are the bytes around the read position.
    func error(_ code: AMQPWireError.Code, _ message: String) -> AMQPWireError {
        let start = max(bytes.startIndex, index - 16)
        let end = min(bytes.endIndex, index + 48)
        return AMQPWireError(code: code, message: message, offendingBytes: Array(bytes[start..<end]))
    }

    /// Throws ``AMQPWireError/Code/trailingBytes`` unless every byte was read.
    func expectEnd(_ subject: @autoclosure () -> String) throws(AMQPWireError) {
        guard isAtEnd else {
            throw error(.trailingBytes, "\(subject()) has \(remaining) bytes after its last field")
        }
    }

    private func require(_ count: Int, _ valueName: @autoclosure () -> String) throws(AMQPWireError) {
        guard count <= remaining else {
            throw error(.truncated, "\(valueName()) needs \(count) bytes but only \(remaining) remain")
        }
    }

    mutating func readOctet() throws(AMQPWireError) -> UInt8 {
        try require(1, "an octet")
        defer { index += 1 }
        return bytes[index]
    }

    mutating func readShort() throws(AMQPWireError) -> UInt16 {
        try readInteger("a short")
    }

    mutating func readLong() throws(AMQPWireError) -> UInt32 {
        try readInteger("a long")
    }

    mutating func readLongLong() throws(AMQPWireError) -> UInt64 {
        try readInteger("a long long")
    }

    /// Reads a big-endian unsigned integer of `Value`'s width.
    private mutating func readInteger<Value: FixedWidthInteger & UnsignedInteger>(
        _ valueName: String
    ) throws(AMQPWireError) -> Value {
        let size = MemoryLayout<Value>.size
        try require(size, valueName)
        var value: Value = 0
        for offset in 0..<size {
            value = value << 8 | Value(bytes[index + offset])
        }
        index += size
        return value
    }

    /// Reads `count` bytes without copying them.
    mutating func readBytes(_ count: Int) throws(AMQPWireError) -> ArraySlice<UInt8> {
        try require(count, "a field of \(count) bytes")
        defer { index += count }
        return bytes[index..<index + count]
    }

    /// Reads a short string: a length octet, then that many bytes of UTF-8.
    ///
    /// Invalid UTF-8 is rejected with ``AMQPWireError/Code/invalidFieldValue`` rather than
    /// replaced, so that a name such as a queue or consumer tag is never silently altered.
    mutating func readShortString() throws(AMQPWireError) -> String {
        let length = Int(try readOctet())
        guard length <= remaining else {
            throw error(.truncated, "a short string of \(length) bytes has only \(remaining) bytes left")
        }
        guard let text = strictUTF8String(bytes[index..<index + length]) else {
            throw error(.invalidFieldValue, "a short string is not valid UTF-8")
        }
        index += length
        return text
    }

    /// Reads a long string: a 32-bit length, then that many bytes, without copying them.
    mutating func readLongStringBytes() throws(AMQPWireError) -> ArraySlice<UInt8> {
        let length = Int(try readLong())
        guard length <= remaining else {
            throw error(.truncated, "a long string of \(length) bytes has only \(remaining) bytes left")
        }
        return try readBytes(length)
    }

    /// Reads a long string as a new byte array.
    mutating func readLongString() throws(AMQPWireError) -> [UInt8] {
        Array(try readLongStringBytes())
    }
}

extension UInt8 {
    /// Returns whether bit `position` is set, counting from 0 for the lowest bit, the one
    /// AMQP uses for the first of several packed bit fields.
    func isBitSet(_ position: Int) -> Bool {
        self & (1 << position) != 0
    }
}

/// Decodes UTF-8 text, or returns `nil` when the bytes are not valid UTF-8.
///
/// ASCII, which names and tags almost always are, takes a fast path:
/// `String(validating:as:)` is generic and looked up its type metadata at run time on
/// every call, about 4% of a consumer's samples.
func strictUTF8String<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
    if bytes.allSatisfy({ $0 < 0x80 }) {
        return String(decoding: bytes, as: UTF8.self)
    }
    return String(validating: bytes, as: UTF8.self)
}
