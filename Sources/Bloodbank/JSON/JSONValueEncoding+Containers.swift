struct JSONValueKeyedEncodingContainer<Key: CodingKey>: NullEncodingKeyedContainer {
    let encoder: JSONValueEncoding
    let node: JSONEncodingNode

    var codingPath: [any CodingKey] { encoder.codingPath }

    var encodesNilAsNull: Bool { encoder.options.nilEncoding == .null }

    private func path(_ key: Key) -> [any CodingKey] {
        codingPath + [key]
    }

    private func store(_ value: JSONValue, forKey key: Key) {
        node.setMember(key.stringValue, .value(value))
    }

    mutating func encodeNil(forKey key: Key) throws {
        store(.null, forKey: key)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        store(.bool(value), forKey: key)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        store(.string(value), forKey: key)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        store(try encoder.boxDouble(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        store(try encoder.boxFloat(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        store(try encoder.boxInteger(value, codingPath: path(key)), forKey: key)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.setMember(key.stringValue, try encoder.box(value, codingPath: path(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = encoder.nestedEncoder(codingPath: path(key))
        node.setMember(key.stringValue, .node(nested.node))
        return nested.container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = encoder.nestedEncoder(codingPath: path(key))
        node.setMember(key.stringValue, .node(nested.node))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = JSONCodingKey("super")
        let nested = encoder.nestedEncoder(codingPath: codingPath + [key])
        node.setMember(key.stringValue, .node(nested.node))
        return nested
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = encoder.nestedEncoder(codingPath: path(key))
        node.setMember(key.stringValue, .node(nested.node))
        return nested
    }
}

struct JSONValueUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: JSONValueEncoding
    let node: JSONEncodingNode

    var codingPath: [any CodingKey] { encoder.codingPath }

    var count: Int {
        if case .array(let slots) = node.content { return slots.count }
        return 0
    }

    private var currentPath: [any CodingKey] {
        codingPath + [JSONCodingKey(index: count)]
    }

    mutating func encodeNil() throws {
        node.appendElement(.value(.null))
    }

    mutating func encode(_ value: Bool) throws {
        node.appendElement(.value(.bool(value)))
    }

    mutating func encode(_ value: String) throws {
        node.appendElement(.value(.string(value)))
    }

    mutating func encode(_ value: Double) throws {
        node.appendElement(.value(try encoder.boxDouble(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: Float) throws {
        node.appendElement(.value(try encoder.boxFloat(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: Int) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: Int8) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: Int16) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: Int32) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: Int64) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: UInt) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: UInt8) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: UInt16) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: UInt32) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode(_ value: UInt64) throws {
        node.appendElement(.value(try encoder.boxInteger(value, codingPath: currentPath)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.appendElement(try encoder.box(value, codingPath: currentPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = encoder.nestedEncoder(codingPath: currentPath)
        node.appendElement(.node(nested.node))
        return nested.container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = encoder.nestedEncoder(codingPath: currentPath)
        node.appendElement(.node(nested.node))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let nested = encoder.nestedEncoder(codingPath: currentPath)
        node.appendElement(.node(nested.node))
        return nested
    }
}

struct JSONValueSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoding

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {
        encoder.storeDirectly(.null)
    }

    mutating func encode(_ value: Bool) throws {
        encoder.storeDirectly(.bool(value))
    }

    mutating func encode(_ value: String) throws {
        encoder.storeDirectly(.string(value))
    }

    mutating func encode(_ value: Double) throws {
        encoder.storeDirectly(try encoder.boxDouble(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Float) throws {
        encoder.storeDirectly(try encoder.boxFloat(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Int) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Int8) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Int16) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Int32) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: Int64) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: UInt) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: UInt8) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: UInt16) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: UInt32) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode(_ value: UInt64) throws {
        encoder.storeDirectly(try encoder.boxInteger(value, codingPath: codingPath))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        switch try encoder.box(value, codingPath: codingPath) {
        case .value(let json):
            encoder.storeDirectly(json)
        case .node(let nested):
            encoder.node.content = nested.content
        }
    }
}
