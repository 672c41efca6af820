#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `Decoder` that decodes nothing real. It hands a type sample values and records
/// which keys the type requests, with which Swift types and whether through
/// `decodeIfPresent`.
///
/// Every keyed container claims to contain every key and no nulls, so a type's
/// `init(from:)` walks all of its fields once. Asking `contains(_:)` or
/// `decodeNil(forKey:)` about a key marks it optional, which is how the standard
/// `decodeIfPresent` reaches `decode`. Arrays report one element, so the element type
/// is recorded. Enumerations that are `CaseIterable & RawRepresentable` get their first
/// case and are recorded with all their raw values.
final class SchemaRecorder: Decoder {
    /// The kind of container that the decoded type requested from this decoder.
    enum Shape {
        case nothing
        case keyed(SchemaFieldList)
        case unkeyed(SchemaRecording?)
        case single(SchemaRecording)
    }

    let codingPath: [any CodingKey]
    let depth: Int
    /// Whether `decodeIfPresent` returns nil instead of a sample, so that a type takes
    /// its defaults; used to find the default values of optional fields.
    let omitsOptionalFields: Bool
    var shape: Shape = .nothing

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], depth: Int, omitsOptionalFields: Bool = false) {
        self.codingPath = codingPath
        self.depth = depth
        self.omitsOptionalFields = omitsOptionalFields
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let fields: SchemaFieldList
        if case .keyed(let existing) = shape {
            fields = existing
        } else {
            fields = SchemaFieldList()
            shape = .keyed(fields)
        }
        return KeyedDecodingContainer(SchemaRecordingKeyedContainer<Key>(recorder: self, fields: fields))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if case .unkeyed = shape {
        } else {
            shape = .unkeyed(nil)
        }
        return SchemaRecordingUnkeyedContainer(recorder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SchemaRecordingSingleValueContainer(recorder: self)
    }

    func child(codingPath: [any CodingKey]) -> SchemaRecorder {
        SchemaRecorder(codingPath: codingPath, depth: depth + 1, omitsOptionalFields: omitsOptionalFields)
    }

    /// Decodes `T` from samples with every optional field absent and encodes the
    /// result, so that the fields a type fills with defaults show their values; nil
    /// when `T` is not `Encodable` or rejects the samples.
    static func encodedWithoutOptionalFields<T: Decodable>(_ type: T.Type) -> JSONValue? {
        let recorder = SchemaRecorder(codingPath: [], depth: 0, omitsOptionalFields: true)
        guard let value = try? recorder.sample(T.self, codingPath: []).value,
              let encodable = value as? any Encodable else { return nil }
        return try? JSONValueEncoder().encode(encodable)
    }

    /// Describes what was recorded, for a value of Swift type `swiftType`.
    func description(swiftType: String) -> ValueDescription {
        switch shape {
        case .nothing:
            return ValueDescription(type: .any, swiftType: swiftType)
        case .keyed(let fields):
            return ValueDescription(type: .object, swiftType: swiftType, fields: fields.resolved())
        case .unkeyed(let element):
            return ValueDescription(type: .array, swiftType: swiftType, element: element?.resolved())
        case .single(let recording):
            var description = recording.resolved()
            if description.type != .array && description.type != .object && description.enumValues.isEmpty {
                description.swiftType = swiftType
            }
            return description
        }
    }

    // MARK: Samples

    /// Returns a sample value of `T` and the description of its JSON shape.
    func sample<T: Decodable>(_ type: T.Type, codingPath: [any CodingKey]) throws -> (value: T, description: ValueDescription) {
        if let primitive = primitiveSample(T.self) {
            return primitive
        }
        if let dictionaryType = T.self as? any StringKeyedDictionary.Type {
            guard let (value, description) = try dictionaryType.recordedSample(recorder: self, codingPath: codingPath),
                  let typed = value as? T else {
                throw PayloadSchemaError(code: .sampleRejected, swiftType: "\(T.self)", path: JSONPath(codingPath: codingPath), detail: "")
            }
            return (typed, description)
        }
        if let enumType = T.self as? any (CaseIterable & RawRepresentable).Type {
            guard let (value, description) = enumerationSample(enumType), let typed = value as? T else {
                throw PayloadSchemaError(
                    code: .emptyEnumeration,
                    swiftType: "\(T.self)",
                    path: JSONPath(codingPath: codingPath),
                    detail: ""
                )
            }
            return (typed, description)
        }
        guard depth < ValueDescription.maximumDepth else {
            throw PayloadSchemaError(
                code: .nestingTooDeep,
                swiftType: "\(T.self)",
                path: JSONPath(codingPath: codingPath),
                detail: ""
            )
        }
        let nested = child(codingPath: codingPath)
        let value: T
        do {
            value = try T(from: nested)
        } catch let error as PayloadSchemaError {
            throw error
        } catch {
            throw PayloadSchemaError(
                code: .sampleRejected,
                swiftType: "\(T.self)",
                path: JSONPath(codingPath: codingPath),
                detail: "\(error)"
            )
        }
        var description = nested.description(swiftType: Self.typeName(T.self))
        if let constrained = T.self as? any ConstrainedFields.Type {
            description.apply(constrained.fieldConstraints, unknownFields: constrained.unknownFields)
        }
        return (value, description)
    }

    private func primitiveSample<T>(_ type: T.Type) -> (value: T, description: ValueDescription)? {
        func make(_ value: Any, _ jsonType: JSONFieldType) -> (value: T, description: ValueDescription)? {
            guard let typed = value as? T else { return nil }
            return (typed, ValueDescription(type: jsonType, swiftType: Self.typeName(T.self)))
        }
        if T.self == String.self { return make("", .string) }
        if T.self == Bool.self { return make(false, .boolean) }
        if let integerType = T.self as? any FixedWidthInteger.Type { return make(Self.one(integerType), .integer) }
        if let floatType = T.self as? any BinaryFloatingPoint.Type { return make(Self.one(floatType), .number) }
        if T.self == Date.self { return make(Date(timeIntervalSince1970: 0), .dateTime) }
        if T.self == EventTimestamp.self { return make(EventTimestamp(seconds: 0), .dateTime) }
        if T.self == UUID.self { return make(UUID(), .uuid) }
        if T.self == URL.self, let url = URL(string: StringFormat.uri.example) {
            guard var sample = make(url, .string) else { return nil }
            sample.description.constraints = [.format(.uri)]
            return sample
        }
        if T.self == JSONValue.self { return make(JSONValue.null, .any) }
        if T.self == JSONObject.self { return make(JSONObject(), .object) }
        return nil
    }

    // Samples are 1 rather than 0 so that types validating a positive count or a
    // one-based index still decode.
    private static func one<I: FixedWidthInteger>(_ type: I.Type) -> Any {
        I(1)
    }

    private static func one<F: BinaryFloatingPoint>(_ type: F.Type) -> Any {
        F(1)
    }

    private func enumerationSample<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> (Any, ValueDescription)? {
        guard let first = E.allCases.first else { return nil }
        let rawValues = E.allCases.map { "\($0.rawValue)" }
        let jsonType: JSONFieldType
        if E.RawValue.self is any FixedWidthInteger.Type {
            jsonType = .integer
        } else if E.RawValue.self is any BinaryFloatingPoint.Type {
            jsonType = .number
        } else {
            jsonType = .string
        }
        return (first, ValueDescription(type: jsonType, swiftType: Self.typeName(E.self), enumValues: rawValues))
    }

    /// Returns the type name as `String(describing:)` writes it, without the module name.
    static func typeName(_ type: Any.Type) -> String {
        String(describing: type)
    }
}

/// A dictionary with `String` keys, which the recorder describes as an object whose
/// members all have the value type's shape.
protocol StringKeyedDictionary {
    /// Returns an empty dictionary and the description of the dictionary type.
    static func recordedSample(recorder: SchemaRecorder, codingPath: [any CodingKey]) throws -> (Any, ValueDescription)?
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func recordedSample(recorder: SchemaRecorder, codingPath: [any CodingKey]) throws -> (Any, ValueDescription)? {
        let valuePath = codingPath + [JSONCodingKey("*")]
        let element = try recorder.sample(Value.self, codingPath: valuePath).description
        let empty: [String: Value] = [:]
        return (empty, ValueDescription(type: .object, swiftType: SchemaRecorder.typeName(Self.self), element: element))
    }
}

extension ValueDescription {
    /// Adds a type's field constraints to the fields they name and sets its policy
    /// for unknown members.
    mutating func apply(_ table: FieldConstraints, unknownFields policy: UnknownFieldPolicy) {
        unknownFields = policy
        for index in fields.indices {
            fields[index].value.constraints += table[fields[index].name]
        }
    }
}

/// A described value, or a nested recorder that a container handed out and the
/// decoded type may still be filling.
enum SchemaRecording {
    case value(ValueDescription)
    case pending(SchemaRecorder, swiftType: String)

    func resolved() -> ValueDescription {
        switch self {
        case .value(let description):
            return description
        case .pending(let recorder, let swiftType):
            return recorder.description(swiftType: swiftType)
        }
    }
}

/// The fields a keyed container recorded, shared by every copy of the container.
final class SchemaFieldList {
    private var names: [String] = []
    private var recordings: [String: (isOptional: Bool, recording: SchemaRecording)] = [:]
    private var optionalNames: Set<String> = []

    /// Notes that the type checked whether `name` is present or null.
    func markOptional(_ name: String) {
        optionalNames.insert(name)
    }

    func record(_ name: String, isOptional: Bool, _ recording: SchemaRecording) {
        let optional = isOptional || optionalNames.contains(name) || (recordings[name]?.isOptional ?? false)
        if recordings[name] == nil {
            names.append(name)
        }
        recordings[name] = (optional, recording)
    }

    func resolved() -> [FieldDescription] {
        names.compactMap { name in
            guard let entry = recordings[name] else { return nil }
            return FieldDescription(name: name, isOptional: entry.isOptional, value: entry.recording.resolved())
        }
    }
}
