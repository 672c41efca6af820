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
        let decoder = JSONValueDecoding(value: value, parent: nil, step: .none, userInfo: userInfo)
        return try decoder.unbox(value, as: T.self, at: .none, decoder: decoder)
    }
}

/// The `Decoder` that walks a ``JSONValue``; one instance per nested value.
///
/// A decoder keeps its parent and the step from it instead of a coding path, and builds
/// the path only when an error or the decoded type requests it.
final class JSONValueDecoding: Decoder {
    let value: JSONValue
    let parent: JSONValueDecoding?
    let step: CodingPathStep
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]
    /// The member after the one a keyed container read last: where the next key is
    /// looked for first, because types read their keys in the order they are written.
    /// It is only a hint, so it skips the runtime exclusivity checks.
    @exclusivity(unchecked) var nextMemberHint = 0

    init(value: JSONValue, parent: JSONValueDecoding?, step: CodingPathStep, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.parent = parent
        self.step = step
        self.sendableUserInfo = userInfo
    }

    var codingPath: [any CodingKey] {
        var steps: [CodingPathStep] = []
        var decoder: JSONValueDecoding? = self
        while let current = decoder {
            steps.append(current.step)
            decoder = current.parent
        }
        var path: [any CodingKey] = []
        for step in steps.reversed() {
            step.append(to: &path)
        }
        return path
    }

    /// Returns the coding path of the value at `step` below this decoder's value.
    func path(_ step: CodingPathStep) -> [any CodingKey] {
        var path = codingPath
        step.append(to: &path)
        return path
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

    /// Returns a decoder for `value` at `step` below this decoder's value.
    func nested(_ value: JSONValue, at step: CodingPathStep) -> JSONValueDecoding {
        JSONValueDecoding(value: value, parent: self, step: step, userInfo: sendableUserInfo)
    }

    // MARK: Conversions

    /// Converts `value`, found at `step` below this decoder's value, to `T`, handling
    /// the types whose JSON form the contract fixes before handing any other type a
    /// nested decoder.
    ///
    /// Each branch checks that `T` is exactly the type it converts to, and then hands
    /// the result back with `unsafeBitCast`, because `as? T` looks up the metadata of
    /// `Optional<T>` at run time on every call. Any other type decodes itself from
    /// `decoder`, or from a new decoder of `value` when that is nil.
    func unbox<T: Decodable>(
        _ value: JSONValue,
        as type: T.Type,
        at step: CodingPathStep,
        decoder: JSONValueDecoding? = nil
    ) throws -> T {
        if T.self == JSONValue.self {
            return unsafeBitCast(value, to: T.self)
        }
        if T.self == String.self {
            return unsafeBitCast(try unboxString(value, as: String.self, codingPath: path(step)), to: T.self)
        }
        if T.self == Int.self {
            return unsafeBitCast(try unboxInteger(value, as: Int.self, codingPath: path(step)), to: T.self)
        }
        if T.self == Double.self {
            return unsafeBitCast(try unboxDouble(value, codingPath: path(step)), to: T.self)
        }
        if T.self == Self.stringArrayType {
            return unsafeBitCast(try unboxStrings(value, at: step), to: T.self)
        }
        if T.self == Date.self {
            let string = try unboxString(value, as: Date.self, codingPath: path(step))
            guard let timestamp = EventTimestamp(rfc3339: string) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: path(step),
                        debugDescription: "expected an RFC 3339 date-time, found \(value.excerpt)"
                    )
                )
            }
            return unsafeBitCast(timestamp.date, to: T.self)
        }
        if T.self == UUID.self {
            let string = try unboxString(value, as: UUID.self, codingPath: path(step))
            guard let uuid = UUID(jsonText: string) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: path(step),
                        debugDescription: "expected a UUID string, found \(JSONValue.string(string).excerpt)"
                    )
                )
            }
            return unsafeBitCast(uuid, to: T.self)
        }
        if T.self == URL.self {
            let string = try unboxString(value, as: URL.self, codingPath: path(step))
            guard let url = URL(string: string) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: path(step), debugDescription: "expected a URL string")
                )
            }
            return unsafeBitCast(url, to: T.self)
        }
        return try T(from: decoder ?? nested(value, at: step))
    }

    /// `[String].self`, looked up once: the metadata of a generic type is otherwise
    /// looked up at run time on every comparison.
    private static let stringArrayType: Any.Type = [String].self

    /// Converts an array of strings, a common payload field, without the nested
    /// decoder and unkeyed container that `Array.init(from:)` requests, and with the
    /// errors that they would throw.
    private func unboxStrings(_ value: JSONValue, at step: CodingPathStep) throws -> [String] {
        guard case .array(let elements) = value else {
            throw mismatch([JSONValue].self, expected: "an array", found: value, codingPath: path(step))
        }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for index in elements.indices {
            strings.append(try unboxString(elements[index], as: String.self, codingPath: path(step) + [JSONCodingKey(index: index)]))
        }
        return strings
    }

    // The conversions below take the coding path as an autoclosure, so that it is
    // built only for an error.

    func unboxString(_ value: JSONValue, as type: Any.Type, codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else {
            throw mismatch(type, expected: "a string", found: value, codingPath: codingPath())
        }
        return string
    }

    func unboxBool(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else {
            throw mismatch(Bool.self, expected: "a Boolean", found: value, codingPath: codingPath())
        }
        return bool
    }

    func unboxInteger<I: FixedWidthInteger>(
        _ value: JSONValue,
        as type: I.Type,
        codingPath: @autoclosure () -> [any CodingKey]
    ) throws -> I {
        switch value {
        case .int(let int):
            guard let result = I(exactly: int) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath(), debugDescription: "integer \(int) does not fit in \(I.self)")
                )
            }
            return result
        case .double(let double):
            // From 2^53 on, an integral Double may be the rounded neighbour of the integer
            // that was written, so only smaller magnitudes are exact.
            guard abs(double) < 9_007_199_254_740_992.0, let result = I(exactly: double) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: codingPath(),
                        debugDescription: "expected an integer that fits in \(I.self), found \(double)"
                    )
                )
            }
            return result
        case .null, .bool, .string, .array, .object:
            throw mismatch(I.self, expected: "an integer", found: value, codingPath: codingPath())
        }
    }

    func unboxDouble(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .int(let int):
            return Double(int)
        case .double(let double):
            return double
        case .null, .bool, .string, .array, .object:
            throw mismatch(Double.self, expected: "a number", found: value, codingPath: codingPath())
        }
    }

    func unboxFloat(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> Float {
        Float(try unboxDouble(value, codingPath: codingPath()))
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
