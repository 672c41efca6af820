// The containers of ``JSONStreamingEncoding``. Each names the frame or level it writes
// to, and a write that ``JSONStreamingEncoding`` refuses is dropped: the encoding is
// then marked for the tree encoder, which runs the value again.

struct JSONStreamingKeyedContainer<Key: CodingKey>: NullEncodingKeyedContainer, IntegerForwardingKeyedContainer {
    let encoding: JSONStreamingEncoding
    let frameID: Int

    var codingPath: [any CodingKey] { encoding.path(ofFrame: frameID) }

    var encodesNilAsNull: Bool { encoding.nilEncoding == .null }

    private func begin(_ key: Key) -> Bool {
        encoding.beginMember(frameID: frameID, key: key.stringValue)
    }

    private func path(_ key: Key) -> [any CodingKey] {
        codingPath + [key]
    }

    func encodeInteger<I: BinaryInteger>(_ value: I, forKey key: Key) throws {
        guard begin(key) else { return }
        try encoding.writeInteger(value, at: path(key))
    }

    mutating func encodeNil(forKey key: Key) throws {
        guard begin(key) else { return }
        encoding.writer.appendASCII("null")
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        guard begin(key) else { return }
        encoding.writer.appendASCII(value ? "true" : "false")
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        guard begin(key) else { return }
        encoding.writer.appendQuoted(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        guard begin(key) else { return }
        try encoding.writeDouble(value, at: path(key))
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        guard begin(key) else { return }
        try encoding.writeFloat(value, at: path(key))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        guard begin(key) else { return }
        try encoding.writeValue(value, at: .key(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let frameID = begin(key) ? encoding.openFrame(isObject: true, step: .key(key)) : -1
        return KeyedEncodingContainer(JSONStreamingKeyedContainer<NestedKey>(encoding: encoding, frameID: frameID))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let frameID = begin(key) ? encoding.openFrame(isObject: false, step: .key(key)) : -1
        return JSONStreamingUnkeyedContainer(encoding: encoding, frameID: frameID)
    }

    mutating func superEncoder() -> any Encoder {
        encoding.requireTree()
        return encoding
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoding.requireTree()
        return encoding
    }
}

struct JSONStreamingUnkeyedContainer: UnkeyedEncodingContainer, IntegerForwardingContainer {
    let encoding: JSONStreamingEncoding
    let frameID: Int

    var codingPath: [any CodingKey] { encoding.path(ofFrame: frameID) }

    var count: Int { encoding.elementCount(frameID: frameID) }

    private func path(_ index: Int) -> [any CodingKey] {
        codingPath + [JSONCodingKey(index: index)]
    }

    func encodeInteger<I: BinaryInteger>(_ value: I) throws {
        guard let index = encoding.beginElement(frameID: frameID) else { return }
        try encoding.writeInteger(value, at: path(index))
    }

    mutating func encodeNil() throws {
        guard encoding.beginElement(frameID: frameID) != nil else { return }
        encoding.writer.appendASCII("null")
    }

    mutating func encode(_ value: Bool) throws {
        guard encoding.beginElement(frameID: frameID) != nil else { return }
        encoding.writer.appendASCII(value ? "true" : "false")
    }

    mutating func encode(_ value: String) throws {
        guard encoding.beginElement(frameID: frameID) != nil else { return }
        encoding.writer.appendQuoted(value)
    }

    mutating func encode(_ value: Double) throws {
        guard let index = encoding.beginElement(frameID: frameID) else { return }
        try encoding.writeDouble(value, at: path(index))
    }

    mutating func encode(_ value: Float) throws {
        guard let index = encoding.beginElement(frameID: frameID) else { return }
        try encoding.writeFloat(value, at: path(index))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard let index = encoding.beginElement(frameID: frameID) else { return }
        try encoding.writeValue(value, at: .index(index))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = encoding.beginElement(frameID: frameID)
        let frameID = index.map { encoding.openFrame(isObject: true, step: .index($0)) } ?? -1
        return KeyedEncodingContainer(JSONStreamingKeyedContainer<NestedKey>(encoding: encoding, frameID: frameID))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = encoding.beginElement(frameID: frameID)
        let frameID = index.map { encoding.openFrame(isObject: false, step: .index($0)) } ?? -1
        return JSONStreamingUnkeyedContainer(encoding: encoding, frameID: frameID)
    }

    mutating func superEncoder() -> any Encoder {
        encoding.requireTree()
        return encoding
    }
}

struct JSONStreamingSingleValueContainer: SingleValueEncodingContainer, IntegerForwardingContainer {
    let encoding: JSONStreamingEncoding
    let levelID: Int

    var codingPath: [any CodingKey] { encoding.codingPath }

    private func begin() -> Bool {
        encoding.beginSingleValue(levelID: levelID)
    }

    func encodeInteger<I: BinaryInteger>(_ value: I) throws {
        guard begin() else { return }
        try encoding.writeInteger(value, at: codingPath)
    }

    mutating func encodeNil() throws {
        guard begin() else { return }
        encoding.writer.appendASCII("null")
    }

    mutating func encode(_ value: Bool) throws {
        guard begin() else { return }
        encoding.writer.appendASCII(value ? "true" : "false")
    }

    mutating func encode(_ value: String) throws {
        guard begin() else { return }
        encoding.writer.appendQuoted(value)
    }

    mutating func encode(_ value: Double) throws {
        guard begin() else { return }
        try encoding.writeDouble(value, at: codingPath)
    }

    mutating func encode(_ value: Float) throws {
        guard begin() else { return }
        try encoding.writeFloat(value, at: codingPath)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard begin() else { return }
        try encoding.writeValue(value, at: encoding.level.step)
    }
}

/// An unkeyed or single-value container of the streaming encoder, whose ten integer
/// overloads all go to one generic method.
protocol IntegerForwardingContainer {
    /// Writes `value`, or throws the tree encoder's error for an unsigned integer above
    /// `Int64.max`.
    mutating func encodeInteger<I: BinaryInteger>(_ value: I) throws
}

extension IntegerForwardingContainer {
    mutating func encode(_ value: Int) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: Int8) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: Int16) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: Int32) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: Int64) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: UInt) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: UInt8) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: UInt16) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: UInt32) throws {
        try encodeInteger(value)
    }

    mutating func encode(_ value: UInt64) throws {
        try encodeInteger(value)
    }
}

/// A keyed container of the streaming encoder, whose ten integer overloads all go to
/// one generic method.
protocol IntegerForwardingKeyedContainer: KeyedEncodingContainerProtocol {
    /// Writes `value` under `key`, or throws the tree encoder's error for an unsigned
    /// integer above `Int64.max`.
    mutating func encodeInteger<I: BinaryInteger>(_ value: I, forKey key: Key) throws
}

extension IntegerForwardingKeyedContainer {
    mutating func encode(_ value: Int, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        try encodeInteger(value, forKey: key)
    }
}
