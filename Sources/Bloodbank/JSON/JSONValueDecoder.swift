#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` types from an already parsed ``JSONValue`` tree.
///
/// Typed payloads decode straight from the envelope's parsed payload, so no JSON is
/// written or parsed again. Errors are `DecodingError`s whose coding path names the
/// field, such as `sentences[3].ai_filters.sentiment`.
///
/// Conversions follow the wire contract rather than Foundation's defaults:
/// - Integers decode exactly: from `.int` with a range check, or from a `.double`
///   only when it has no fraction and fits. `1.5` into an `Int` is an error, never a
///   truncation.
/// - `Double` and `Float` decode from `.int` or `.double`.
/// - `Date` decodes from an RFC 3339 string (see ``EventTimestamp``), never from a
///   number of seconds since 2001.
/// - `UUID` decodes from its text in any letter case.
/// - `URL` decodes from a string.
public struct JSONValueDecoder: Sendable {
    /// Values that `Decodable` implementations can read through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates a decoder.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// Decodes a value of type `T` from `value`.
    ///
    /// - Throws: `DecodingError` naming the coding path of the first field that does
    ///   not match `T`.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from value: JSONValue) throws -> T {
        let decoder = JSONValueDecoding(value: value, codingPath: [], userInfo: userInfo)
        return try decoder.unbox(value, as: T.self, codingPath: [])
    }
}

/// The `Decoder` that walks a ``JSONValue``; one instance per nested value.
final class JSONValueDecoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    init(value: JSONValue, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] {
        sendableUserInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw mismatch(JSONObject.self, expected: "an object", found: value, codingPath: codingPath)
        }
        return KeyedDecodingContainer(JSONValueKeyedDecodingContainer<Key>(decoder: self, object: object))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw mismatch([JSONValue].self, expected: "an array", found: value, codingPath: codingPath)
        }
        return JSONValueUnkeyedDecodingContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONValueSingleValueDecodingContainer(decoder: self)
    }

    // MARK: Conversions

    /// Converts `value` to `T`, handling the types whose JSON form the contract fixes
    /// before handing any other type a nested decoder.
    func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self, let result = value as? T {
            return result
        }
        if T.self == String.self, let result = try unboxString(value, as: String.self, codingPath: codingPath) as? T {
            return result
        }
        if T.self == Int.self, let result = try unboxInteger(value, as: Int.self, codingPath: codingPath) as? T {
            return result
        }
        if T.self == Double.self, let result = try unboxDouble(value, codingPath: codingPath) as? T {
            return result
        }
        if T.self == Date.self {
            let string = try unboxString(value, as: Date.self, codingPath: codingPath)
            guard let timestamp = EventTimestamp(rfc3339: string) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "expected an RFC 3339 date-time, found \(value.excerpt)"
                    )
                )
            }
            if let result = timestamp.date as? T { return result }
        }
        if T.self == UUID.self {
            let string = try unboxString(value, as: UUID.self, codingPath: codingPath)
            guard let uuid = UUID(jsonText: string) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "expected a UUID string, found \(JSONValue.string(string).excerpt)"
                    )
                )
            }
            if let result = uuid as? T { return result }
        }
        if T.self == URL.self {
            let string = try unboxString(value, as: URL.self, codingPath: codingPath)
            guard let url = URL(string: string) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath, debugDescription: "expected a URL string")
                )
            }
            if let result = url as? T { return result }
        }
        let nested = JSONValueDecoding(value: value, codingPath: codingPath, userInfo: sendableUserInfo)
        return try T(from: nested)
    }

    func unboxString(_ value: JSONValue, as type: Any.Type, codingPath: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else {
            throw mismatch(type, expected: "a string", found: value, codingPath: codingPath)
        }
        return string
    }

    func unboxBool(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else {
            throw mismatch(Bool.self, expected: "a Boolean", found: value, codingPath: codingPath)
        }
        return bool
    }

    func unboxInteger<I: FixedWidthInteger>(_ value: JSONValue, as type: I.Type, codingPath: [any CodingKey]) throws -> I {
        switch value {
        case .int(let int):
            guard let result = I(exactly: int) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath, debugDescription: "integer \(int) does not fit in \(I.self)")
                )
            }
            return result
        case .double(let double):
            // From 2^53 on, an integral Double may be the rounded neighbour of the integer
            // that was written, so only smaller magnitudes are exact.
            guard abs(double) < 9_007_199_254_740_992.0, let result = I(exactly: double) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "expected an integer that fits in \(I.self), found \(double)"
                    )
                )
            }
            return result
        case .null, .bool, .string, .array, .object:
            throw mismatch(I.self, expected: "an integer", found: value, codingPath: codingPath)
        }
    }

    func unboxDouble(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Double {
        switch value {
        case .int(let int):
            return Double(int)
        case .double(let double):
            return double
        case .null, .bool, .string, .array, .object:
            throw mismatch(Double.self, expected: "a number", found: value, codingPath: codingPath)
        }
    }

    func unboxFloat(_ value: JSONValue, codingPath: [any CodingKey]) throws -> Float {
        Float(try unboxDouble(value, codingPath: codingPath))
    }

    /// Returns `valueNotFound` for a null and `typeMismatch` for any other kind.
    func mismatch(_ type: Any.Type, expected: String, found value: JSONValue, codingPath: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "expected \(expected), found \(value.kindDescription)"
        )
        if value.isNull {
            return DecodingError.valueNotFound(type, context)
        }
        return DecodingError.typeMismatch(type, context)
    }
}
