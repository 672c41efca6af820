/// A value in a field table or field array, with RabbitMQ's type tags.
///
/// RabbitMQ reads tags differently from the grammar printed in the 0-9-1 specification:
/// `s` is a signed 16-bit integer (not a short string), `u` an unsigned 16-bit integer,
/// `I` a signed and `i` an unsigned 32-bit integer, `l` a signed 64-bit integer, and
/// `x` a byte array. This codec follows RabbitMQ, as every widely used client does.
public enum AMQPFieldValue: Sendable, Hashable {
    /// `t`
    case boolean(Bool)
    /// `b`
    case int8(Int8)
    /// `B`
    case uint8(UInt8)
    /// `s`
    case int16(Int16)
    /// `u`
    case uint16(UInt16)
    /// `I`
    case int32(Int32)
    /// `i`
    case uint32(UInt32)
    /// `l`
    case int64(Int64)
    /// `f`
    case float(Float)
    /// `d`
    case double(Double)
    /// `D`: `value` divided by 10^`scale`.
    case decimal(scale: UInt8, value: UInt32)
    /// `S`: a long string. RabbitMQ treats it as bytes; most peers put UTF-8 text in it.
    case longString([UInt8])
    /// `A`
    case array([AMQPFieldValue])
    /// `T`: seconds since the Unix epoch.
    case timestamp(UInt64)
    /// `F`
    case table(AMQPFieldTable)
    /// `V`
    case void
    /// `x`
    case byteArray([UInt8])

    /// A long string value made from UTF-8 text.
    public static func string(_ text: String) -> AMQPFieldValue {
        .longString(Array(text.utf8))
    }

    /// The text of a long string value, when it is valid UTF-8.
    public var stringValue: String? {
        guard case .longString(let bytes) = self else { return nil }
        return strictUTF8String(bytes)
    }
}

/// An ordered AMQP field table: short-string keys with typed values.
///
/// Order is kept as received so that a table re-encodes to the same bytes; lookups by key
/// scan the entries, which is fast for the small tables AMQP uses.
public struct AMQPFieldTable: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    /// Tables and arrays nested deeper than this are rejected when decoding and encoding.
    public static let maximumNestingDepth = 32

    public var entries: [(key: String, value: AMQPFieldValue)] {
        get { storage.map { (key: $0.key, value: $0.value) } }
        set { storage = newValue.map { Entry(key: $0.key, value: $0.value) } }
    }

    struct Entry: Sendable, Hashable {
        var key: String
        var value: AMQPFieldValue
    }

    var storage: [Entry]

    public init() {
        storage = []
    }

    public init(_ entries: [(String, AMQPFieldValue)]) {
        storage = entries.map { Entry(key: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self.init(elements)
    }

    public var isEmpty: Bool { storage.isEmpty }
    public var count: Int { storage.count }

    /// The value for `key`, or `nil`. Setting a value replaces an existing entry in place
    /// or appends a new one; setting `nil` removes the entry.
    public subscript(key: String) -> AMQPFieldValue? {
        get { storage.first { $0.key == key }?.value }
        set {
            if let index = storage.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    storage[index].value = newValue
                } else {
                    storage.remove(at: index)
                }
            } else if let newValue {
                storage.append(Entry(key: key, value: newValue))
            }
        }
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: AMQPFieldValue)> {
        storage.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}
