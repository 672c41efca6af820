struct JSONValueKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONValueDecoding
    let object: JSONObject

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        object.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool {
        lookUp(key) != nil
    }

    /// Returns the value of `key`, looking first at the member after the last one read.
    private func lookUp(_ key: Key) -> JSONValue? {
        guard let position = object.position(of: key.stringValue, hint: decoder.nextMemberHint) else { return nil }
        decoder.nextMemberHint = position + 1
        return object[position].value
    }

    private func value(for key: Key) throws -> JSONValue {
        guard let value = lookUp(key) else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "missing required field \"\(key.stringValue)\""
                )
            )
        }
        return value
    }

    /// Returns the value of `key`, or nil when it is absent or null, as the default
    /// `decodeIfPresent` decides with `contains` and `decodeNil`.
    private func presentValue(for key: Key) -> JSONValue? {
        guard let value = lookUp(key), !value.isNull else { return nil }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] {
        decoder.path(.key(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try value(for: key).isNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.unboxBool(try value(for: key), codingPath: path(key))
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.unboxString(try value(for: key), as: String.self, codingPath: path(key))
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.unboxDouble(try value(for: key), codingPath: path(key))
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.unboxFloat(try value(for: key), codingPath: path(key))
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decoder.unboxInteger(try value(for: key), as: Int.self, codingPath: path(key))
    }

    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try decoder.unboxInteger(try value(for: key), as: Int8.self, codingPath: path(key))
    }

    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try decoder.unboxInteger(try value(for: key), as: Int16.self, codingPath: path(key))
    }

    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decoder.unboxInteger(try value(for: key), as: Int32.self, codingPath: path(key))
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decoder.unboxInteger(try value(for: key), as: Int64.self, codingPath: path(key))
    }

    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try decoder.unboxInteger(try value(for: key), as: UInt.self, codingPath: path(key))
    }

    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try decoder.unboxInteger(try value(for: key), as: UInt8.self, codingPath: path(key))
    }

    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try decoder.unboxInteger(try value(for: key), as: UInt16.self, codingPath: path(key))
    }

    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decoder.unboxInteger(try value(for: key), as: UInt32.self, codingPath: path(key))
    }

    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decoder.unboxInteger(try value(for: key), as: UInt64.self, codingPath: path(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.unbox(try value(for: key), as: T.self, at: .key(key))
    }

    // The `decodeIfPresent` overloads look the key up once; the defaults look it up
    // three times, through `contains`, `decodeNil` and `decode`.

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.unboxBool(value, codingPath: path(key))
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.unboxString(value, as: String.self, codingPath: path(key))
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.unboxDouble(value, codingPath: path(key))
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.unboxFloat(value, codingPath: path(key))
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try decodeIntegerIfPresent(Int.self, forKey: key)
    }

    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try decodeIntegerIfPresent(Int8.self, forKey: key)
    }

    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try decodeIntegerIfPresent(Int16.self, forKey: key)
    }

    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try decodeIntegerIfPresent(Int32.self, forKey: key)
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try decodeIntegerIfPresent(Int64.self, forKey: key)
    }

    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try decodeIntegerIfPresent(UInt.self, forKey: key)
    }

    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try decodeIntegerIfPresent(UInt8.self, forKey: key)
    }

    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try decodeIntegerIfPresent(UInt16.self, forKey: key)
    }

    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try decodeIntegerIfPresent(UInt32.self, forKey: key)
    }

    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try decodeIntegerIfPresent(UInt64.self, forKey: key)
    }

    private func decodeIntegerIfPresent<I: FixedWidthInteger>(_ type: I.Type, forKey key: Key) throws -> I? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.unboxInteger(value, as: I.self, codingPath: path(key))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = presentValue(for: key) else { return nil }
        return try decoder.unbox(value, as: T.self, at: .key(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.nested(try value(for: key), at: .key(key)).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.nested(try value(for: key), at: .key(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.nested(object["super"] ?? .null, at: .key(JSONCodingKey("super")))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.nested(object[key.stringValue] ?? .null, at: .key(key))
    }
}

struct JSONValueUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: JSONValueDecoding
    let elements: [JSONValue]
    private(set) var currentIndex = 0

    init(decoder: JSONValueDecoding, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var currentPath: [any CodingKey] {
        decoder.path(.index(currentIndex))
    }

    /// Returns the current element with its index and moves past it.
    private mutating func next(_ type: Any.Type) throws -> (JSONValue, Int) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(codingPath: currentPath, debugDescription: "the array has no more elements")
            )
        }
        let result = (elements[currentIndex], currentIndex)
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self,
                DecodingError.Context(codingPath: currentPath, debugDescription: "the array has no more elements")
            )
        }
        if elements[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let (value, index) = try next(type)
        return try decoder.unboxBool(value, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let (value, index) = try next(type)
        return try decoder.unboxString(value, as: String.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let (value, index) = try next(type)
        return try decoder.unboxDouble(value, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        let (value, index) = try next(type)
        return try decoder.unboxFloat(value, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Int.Type) throws -> Int {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: Int.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: Int8.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: Int16.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: Int32.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: Int64.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: UInt.Type) throws -> UInt {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: UInt.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: UInt8.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: UInt16.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: UInt32.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        let (value, index) = try next(type)
        return try decoder.unboxInteger(value, as: UInt64.self, codingPath: decoder.path(.index(index)))
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, index) = try next(type)
        return try decoder.unbox(value, as: T.self, at: .index(index))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, index) = try next(JSONObject.self)
        return try decoder.nested(value, at: .index(index)).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, index) = try next([JSONValue].self)
        return try decoder.nested(value, at: .index(index)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, index) = try next(JSONValue.self)
        return decoder.nested(value, at: .index(index))
    }
}

struct JSONValueSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: JSONValueDecoding

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.value.isNull
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        try decoder.unboxBool(decoder.value, codingPath: codingPath)
    }

    func decode(_ type: String.Type) throws -> String {
        try decoder.unboxString(decoder.value, as: String.self, codingPath: codingPath)
    }

    func decode(_ type: Double.Type) throws -> Double {
        try decoder.unboxDouble(decoder.value, codingPath: codingPath)
    }

    func decode(_ type: Float.Type) throws -> Float {
        try decoder.unboxFloat(decoder.value, codingPath: codingPath)
    }

    func decode(_ type: Int.Type) throws -> Int {
        try decoder.unboxInteger(decoder.value, as: Int.self, codingPath: codingPath)
    }

    func decode(_ type: Int8.Type) throws -> Int8 {
        try decoder.unboxInteger(decoder.value, as: Int8.self, codingPath: codingPath)
    }

    func decode(_ type: Int16.Type) throws -> Int16 {
        try decoder.unboxInteger(decoder.value, as: Int16.self, codingPath: codingPath)
    }

    func decode(_ type: Int32.Type) throws -> Int32 {
        try decoder.unboxInteger(decoder.value, as: Int32.self, codingPath: codingPath)
    }

    func decode(_ type: Int64.Type) throws -> Int64 {
        try decoder.unboxInteger(decoder.value, as: Int64.self, codingPath: codingPath)
    }

    func decode(_ type: UInt.Type) throws -> UInt {
        try decoder.unboxInteger(decoder.value, as: UInt.self, codingPath: codingPath)
    }

    func decode(_ type: UInt8.Type) throws -> UInt8 {
        try decoder.unboxInteger(decoder.value, as: UInt8.self, codingPath: codingPath)
    }

    func decode(_ type: UInt16.Type) throws -> UInt16 {
        try decoder.unboxInteger(decoder.value, as: UInt16.self, codingPath: codingPath)
    }

    func decode(_ type: UInt32.Type) throws -> UInt32 {
        try decoder.unboxInteger(decoder.value, as: UInt32.self, codingPath: codingPath)
    }

    func decode(_ type: UInt64.Type) throws -> UInt64 {
        try decoder.unboxInteger(decoder.value, as: UInt64.self, codingPath: codingPath)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.unbox(decoder.value, as: T.self, at: .none)
    }
}
