#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes `Encodable` types into a ``JSONValue`` tree.
///
/// The envelope writer serialises the tree directly, so a typed payload is never
/// written to text and parsed again. Conversions follow the wire contract:
/// - `Date` becomes an RFC 3339 string in UTC with microseconds and `Z`, as Pydantic
///   writes it.
/// - `UUID` becomes lower-case text.
/// - `URL` becomes its absolute string.
/// - Integers become `.int`; an unsigned value above `Int64.max` is an error.
/// - NaN and the infinities are errors, because JSON cannot carry them.
/// - Object members keep the order in which `encode(to:)` wrote them.
public struct JSONValueEncoder: Sendable {
    /// The representation of nil optional properties in the output.
    public enum NilEncoding: Sendable, Hashable {
        /// A nil optional is written as `null`, as Pydantic writes every field.
        case null
        /// A nil optional is left out, as Foundation's `JSONEncoder` does.
        case omit
    }

    /// Values that `Encodable` implementations can read through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// The representation of nil optionals written with `encodeIfPresent`, `.null` by
    /// default.
    public var nilEncoding: NilEncoding

    /// Creates an encoder.
    public init(nilEncoding: NilEncoding = .null, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.nilEncoding = nilEncoding
        self.userInfo = userInfo
    }

    /// Encodes `value` into a JSON tree.
    ///
    /// A value that requests no container at all encodes as an empty object, as with
    /// Foundation's `JSONEncoder`.
    ///
    /// - Throws: `EncodingError.invalidValue` for NaN, an infinity or an unsigned
    ///   integer above `Int64.max`, with the coding path of the field.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let options = JSONValueEncoding.Options(nilEncoding: nilEncoding, userInfo: userInfo)
        let encoder = JSONValueEncoding(node: JSONEncodingNode(), codingPath: [], options: options)
        return try encoder.box(value, codingPath: []).resolved()
    }
}

/// A value under construction: either finished, or a node that containers still fill.
enum JSONEncodingSlot {
    case value(JSONValue)
    case node(JSONEncodingNode)

    func resolved() -> JSONValue {
        switch self {
        case .value(let value): return value
        case .node(let node): return node.resolved()
        }
    }
}

/// A mutable tree node; containers hold a reference so that nested containers can be
/// filled after their parent handed them out.
final class JSONEncodingNode {
    enum Content {
        case unset
        case value(JSONValue)
        case array([JSONEncodingSlot])
        case object(keys: [String], slots: [String: JSONEncodingSlot])
    }

    var content: Content = .unset

    func setMember(_ key: String, _ slot: JSONEncodingSlot) {
        switch content {
        case .object(var keys, var slots):
            content = .unset
            if slots.updateValue(slot, forKey: key) == nil {
                keys.append(key)
            }
            content = .object(keys: keys, slots: slots)
        case .unset, .value, .array:
            content = .object(keys: [key], slots: [key: slot])
        }
    }

    func appendElement(_ slot: JSONEncodingSlot) {
        switch content {
        case .array(var slots):
            content = .unset
            slots.append(slot)
            content = .array(slots)
        case .unset, .value, .object:
            content = .array([slot])
        }
    }

    func resolved() -> JSONValue {
        switch content {
        case .unset:
            return .object(JSONObject())
        case .value(let value):
            return value
        case .array(let slots):
            return .array(slots.map { $0.resolved() })
        case .object(let keys, let slots):
            var object = JSONObject(minimumCapacity: keys.count)
            for key in keys {
                if let slot = slots[key] {
                    object.appendNew(key: key, value: slot.resolved())
                }
            }
            return .object(object)
        }
    }
}

/// The `Encoder` that fills one ``JSONEncodingNode``.
final class JSONValueEncoding: Encoder {
    struct Options {
        var nilEncoding: JSONValueEncoder.NilEncoding
        var userInfo: [CodingUserInfoKey: any Sendable]
    }

    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    let options: Options

    init(node: JSONEncodingNode, codingPath: [any CodingKey], options: Options) {
        self.node = node
        self.codingPath = codingPath
        self.options = options
    }

    var userInfo: [CodingUserInfoKey: Any] {
        options.userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {
        } else {
            node.content = .object(keys: [], slots: [:])
        }
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<Key>(encoder: self, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {
        } else {
            node.content = .array([])
        }
        return JSONValueUnkeyedEncodingContainer(encoder: self, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONValueSingleValueEncodingContainer(encoder: self)
    }

    /// Stores a finished value in this encoder's node.
    func storeDirectly(_ value: JSONValue) {
        node.content = .value(value)
    }

    func nestedEncoder(codingPath: [any CodingKey]) -> JSONValueEncoding {
        JSONValueEncoding(node: JSONEncodingNode(), codingPath: codingPath, options: options)
    }

    // MARK: Conversions

    /// Converts `value`, handling the types whose JSON form the contract fixes before
    /// handing any other type a nested encoder.
    func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONEncodingSlot {
        switch value {
        case let json as JSONValue:
            return .value(json)
        case let string as String:
            return .value(.string(string))
        case let bool as Bool:
            return .value(.bool(bool))
        case let int as Int:
            return .value(.int(Int64(int)))
        case let double as Double:
            return .value(try boxDouble(double, codingPath: codingPath))
        case let date as Date:
            return .value(.string(EventTimestamp(date).rfc3339String))
        case let uuid as UUID:
            return .value(.string(uuid.lowercasedText))
        case let url as URL:
            return .value(.string(url.absoluteString))
        default:
            let nested = nestedEncoder(codingPath: codingPath)
            try value.encode(to: nested)
            return .node(nested.node)
        }
    }

    func boxDouble(_ double: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard double.isFinite else {
            throw EncodingError.invalidValue(
                double,
                EncodingError.Context(codingPath: codingPath, debugDescription: "NaN and infinity cannot be written as JSON")
            )
        }
        return .double(double)
    }

    /// Converts a Float through its shortest decimal text, so that `0.1` as a Float
    /// is written as `0.1` rather than `0.10000000149011612`.
    func boxFloat(_ float: Float, codingPath: [any CodingKey]) throws -> JSONValue {
        guard float.isFinite else {
            throw EncodingError.invalidValue(
                float,
                EncodingError.Context(codingPath: codingPath, debugDescription: "NaN and infinity cannot be written as JSON")
            )
        }
        return .double(Double(float.description) ?? Double(float))
    }

    func boxInteger<I: BinaryInteger>(_ integer: I, codingPath: [any CodingKey]) throws -> JSONValue {
        guard let exact = Int64(exactly: integer) else {
            throw EncodingError.invalidValue(
                integer,
                EncodingError.Context(codingPath: codingPath, debugDescription: "integer \(integer) is above Int64.max")
            )
        }
        return .int(exact)
    }
}
