struct SchemaRecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    let fields: SchemaFieldList

    var codingPath: [any CodingKey] { recorder.codingPath }

    // Claims no keys, so a dictionary decodes as empty and is described as a
    // free-form object.
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool {
        fields.markOptional(key.stringValue)
        return !recorder.omitsOptionalFields
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        fields.markOptional(key.stringValue)
        return recorder.omitsOptionalFields
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try record(T.self, forKey: key, isOptional: false)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        if recorder.omitsOptionalFields {
            fields.markOptional(key.stringValue)
            return nil
        }
        return try record(T.self, forKey: key, isOptional: true)
    }

    /// Samples `T`, records it under `key` and returns the sample. The primitive
    /// overloads call it too, because calling `decode` from them would pick themselves.
    private func record<T: Decodable>(_ type: T.Type, forKey key: Key, isOptional: Bool) throws -> T {
        let (value, description) = try recorder.sample(T.self, codingPath: codingPath + [key])
        fields.record(key.stringValue, isOptional: isOptional, .value(description))
        return value
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try record(Bool.self, forKey: key, isOptional: false)
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try record(String.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try record(Double.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try record(Float.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try record(Int.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try record(Int8.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try record(Int16.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try record(Int32.self, forKey: key, isOptional: false)
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try record(Int64.self, forKey: key, isOptional: false)
    }

    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try record(UInt.self, forKey: key, isOptional: false)
    }

    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try record(UInt8.self, forKey: key, isOptional: false)
    }

    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try record(UInt16.self, forKey: key, isOptional: false)
    }

    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try record(UInt32.self, forKey: key, isOptional: false)
    }

    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try record(UInt64.self, forKey: key, isOptional: false)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = recorder.child(codingPath: codingPath + [key])
        fields.record(key.stringValue, isOptional: false, .pending(nested, swiftType: "object"))
        return try nested.container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let nested = recorder.child(codingPath: codingPath + [key])
        fields.record(key.stringValue, isOptional: false, .pending(nested, swiftType: "array"))
        return try nested.unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = JSONCodingKey("super")
        let nested = recorder.child(codingPath: codingPath + [key])
        fields.record(key.stringValue, isOptional: false, .pending(nested, swiftType: "super"))
        return nested
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let nested = recorder.child(codingPath: codingPath + [key])
        fields.record(key.stringValue, isOptional: false, .pending(nested, swiftType: key.stringValue))
        return nested
    }
}

/// Reports one element, then the end, so that an array type decodes its element type
/// once; at the maximum depth it reports no element.
struct SchemaRecordingUnkeyedContainer: UnkeyedDecodingContainer {
    let recorder: SchemaRecorder
    private(set) var currentIndex = 0

    init(recorder: SchemaRecorder) {
        self.recorder = recorder
    }

    var codingPath: [any CodingKey] { recorder.codingPath }
    var count: Int? { nil }
    var isAtEnd: Bool { currentIndex > 0 || recorder.depth >= ValueDescription.maximumDepth }

    private var elementPath: [any CodingKey] {
        codingPath + [JSONCodingKey(index: currentIndex)]
    }

    mutating func decodeNil() throws -> Bool {
        false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try record(T.self)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try record(type)
    }

    mutating func decode(_ type: String.Type) throws -> String {
        try record(type)
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        try record(type)
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        try record(type)
    }

    mutating func decode(_ type: Int.Type) throws -> Int {
        try record(type)
    }

    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        try record(type)
    }

    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        try record(type)
    }

    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        try record(type)
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try record(type)
    }

    mutating func decode(_ type: UInt.Type) throws -> UInt {
        try record(type)
    }

    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        try record(type)
    }

    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try record(type)
    }

    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try record(type)
    }

    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try record(type)
    }

    private mutating func record<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, description) = try recorder.sample(T.self, codingPath: elementPath)
        recorder.shape = .unkeyed(.value(description))
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = recorder.child(codingPath: elementPath)
        recorder.shape = .unkeyed(.pending(nested, swiftType: "object"))
        currentIndex += 1
        return try nested.container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let nested = recorder.child(codingPath: elementPath)
        recorder.shape = .unkeyed(.pending(nested, swiftType: "array"))
        currentIndex += 1
        return try nested.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let nested = recorder.child(codingPath: elementPath)
        recorder.shape = .unkeyed(.pending(nested, swiftType: "element"))
        currentIndex += 1
        return nested
    }
}

struct SchemaRecordingSingleValueContainer: SingleValueDecodingContainer {
    let recorder: SchemaRecorder

    var codingPath: [any CodingKey] { recorder.codingPath }

    func decodeNil() -> Bool {
        false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try record(T.self)
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        try record(type)
    }

    func decode(_ type: String.Type) throws -> String {
        try record(type)
    }

    func decode(_ type: Double.Type) throws -> Double {
        try record(type)
    }

    func decode(_ type: Float.Type) throws -> Float {
        try record(type)
    }

    func decode(_ type: Int.Type) throws -> Int {
        try record(type)
    }

    func decode(_ type: Int8.Type) throws -> Int8 {
        try record(type)
    }

    func decode(_ type: Int16.Type) throws -> Int16 {
        try record(type)
    }

    func decode(_ type: Int32.Type) throws -> Int32 {
        try record(type)
    }

    func decode(_ type: Int64.Type) throws -> Int64 {
        try record(type)
    }

    func decode(_ type: UInt.Type) throws -> UInt {
        try record(type)
    }

    func decode(_ type: UInt8.Type) throws -> UInt8 {
        try record(type)
    }

    func decode(_ type: UInt16.Type) throws -> UInt16 {
        try record(type)
    }

    func decode(_ type: UInt32.Type) throws -> UInt32 {
        try record(type)
    }

    func decode(_ type: UInt64.Type) throws -> UInt64 {
        try record(type)
    }

    private func record<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, description) = try recorder.sample(T.self, codingPath: codingPath)
        recorder.shape = .single(.value(description))
        return value
    }
}
