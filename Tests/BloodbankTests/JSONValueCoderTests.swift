import Foundation
import Testing

import Bloodbank

@Suite("JSON value decoder and encoder")
struct JSONValueCoderTests {
    struct Inner: Codable, Hashable {
        var label: String
        var weight: Double?
    }

    struct Sample: Codable, Hashable {
        var count: Int
        var big: Int64
        var ratio: Double
        var name: String?
        var when: Date
        var id: UUID
        var tags: [String]
        var inner: Inner
        var items: [Inner]
        var free: JSONValue
        var meta: JSONObject?
    }

    static let sampleText = """
        {"count":3,"big":9223372036854775807,"ratio":2,"name":null,
        "when":"2026-01-27T12:00:00.5+02:00","id":"3F2C8A4E-9D1B-4C6E-8A7F-2B5D9E0C1A34",
        "tags":["x","y"],"inner":{"label":"in"},"items":[{"label":"a","weight":1.5},{"label":"b"}],
        "free":{"z":1,"a":[null]},"meta":{"k":"v"}}
        """

    private func decodeSample(_ text: String = sampleText) throws -> Sample {
        try JSONValueDecoder().decode(Sample.self, from: try JSONValue.parse(text))
    }

    @Test func decodesTypedStructFromTree() throws {
        let sample = try decodeSample()
        #expect(sample.count == 3)
        #expect(sample.big == Int64.max)
        #expect(sample.ratio == 2.0)
        #expect(sample.name == nil)
        #expect(sample.when == Date(timeIntervalSince1970: 1_769_508_000.5))
        #expect(sample.id == UUID(uuidString: "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34"))
        #expect(sample.tags == ["x", "y"])
        #expect(sample.inner == Inner(label: "in", weight: nil))
        #expect(sample.items == [Inner(label: "a", weight: 1.5), Inner(label: "b", weight: nil)])
        #expect(sample.meta == ["k": "v"])
    }

    @Test func freeFormFieldKeepsKeyOrder() throws {
        let sample = try decodeSample()
        #expect(sample.free.objectValue?.keys == ["z", "a"])
    }

    @Test func integerFromIntegralDoubleIsAccepted() throws {
        #expect(try JSONValueDecoder().decode(Int.self, from: .double(3.0)) == 3)
    }

    @Test func integerFromFractionIsAnErrorNotATruncation() {
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(Int.self, from: .double(3.5))
        }
    }

    @Test func integerOutOfRangeIsAnError() {
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(Int8.self, from: .int(300))
        }
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(UInt.self, from: .int(-1))
        }
    }

    @Test func doubleDecodesFromInteger() throws {
        #expect(try JSONValueDecoder().decode(Double.self, from: .int(7)) == 7.0)
        #expect(try JSONValueDecoder().decode(Float.self, from: .double(0.5)) == 0.5)
    }

    @Test func dateFromNumberIsRejected() {
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(Date.self, from: .double(1_769_508_000))
        }
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(Date.self, from: "27 January 2026")
        }
    }

    @Test func errorPathNamesNestedField() throws {
        let text = Self.sampleText.replacingOccurrences(of: #"{"label":"b"}"#, with: #"{"label":5}"#)
        do {
            _ = try decodeSample(text)
            Issue.record("decoded a number as a string")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(JSONPath(codingPath: context.codingPath).description == "items[1].label")
            #expect(context.debugDescription == "expected a string, found an integer")
        }
    }

    @Test func missingFieldIsKeyNotFound() throws {
        let text = Self.sampleText.replacingOccurrences(of: #""count":3,"#, with: "")
        do {
            _ = try decodeSample(text)
            Issue.record("decoded without a required field")
        } catch let DecodingError.keyNotFound(key, _) {
            #expect(key.stringValue == "count")
        }
    }

    @Test func nullForRequiredFieldIsValueNotFound() throws {
        let text = Self.sampleText.replacingOccurrences(of: #""count":3"#, with: #""count":null"#)
        do {
            _ = try decodeSample(text)
            Issue.record("decoded null as an integer")
        } catch let DecodingError.valueNotFound(_, context) {
            #expect(JSONPath(codingPath: context.codingPath).description == "count")
        }
    }

    @Test func encoderWritesContractForms() throws {
        let sample = try decodeSample()
        let encoded = try JSONValueEncoder().encode(sample)
        let object = try #require(encoded.objectValue)
        #expect(object.keys == ["count", "big", "ratio", "name", "when", "id", "tags", "inner", "items", "free", "meta"])
        #expect(object["big"] == .int(Int64.max))
        #expect(object["name"] == .null)
        #expect(object["when"] == "2026-01-27T10:00:00.500000Z")
        #expect(object["id"] == "3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
        #expect(object["inner"] == ["label": "in", "weight": nil])
        #expect(object["free"]?.objectValue?.keys == ["z", "a"])
    }

    @Test func encoderCanOmitNils() throws {
        let encoded = try JSONValueEncoder(nilEncoding: .omit).encode(Inner(label: "x", weight: nil))
        #expect(encoded == ["label": "x"])
    }

    @Test func typedRoundTripThroughTree() throws {
        let sample = try decodeSample()
        let tree = try JSONValueEncoder().encode(sample)
        let reparsed = try JSONValue.parse(try tree.serialized())
        #expect(try JSONValueDecoder().decode(Sample.self, from: reparsed) == sample)
    }

    @Test func encoderRejectsNonFiniteNumbersWithPath() {
        do {
            _ = try JSONValueEncoder().encode([Inner(label: "ok", weight: 1), Inner(label: "bad", weight: .nan)])
            Issue.record("encoded NaN")
        } catch let EncodingError.invalidValue(_, context) {
            #expect(JSONPath(codingPath: context.codingPath).description == "[1].weight")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func encoderRejectsUnsignedAboveInt64() throws {
        #expect(throws: EncodingError.self) {
            try JSONValueEncoder().encode(["n": UInt64.max])
        }
        #expect(try JSONValueEncoder().encode(["n": UInt64(Int64.max)]) == ["n": .int(Int64.max)])
    }

    @Test func floatIsWrittenFromShortestText() throws {
        #expect(try JSONValueEncoder().encode(Float(0.1)) == .double(0.1))
    }

    @Test func jsonValueWorksWithFoundationCoders() throws {
        let value: JSONValue = ["a": [1, 2.5, "s", true, nil], "b": ["c": -3]]
        let data = try JSONEncoder().encode(value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded == value)
    }

    struct Tagged: Decodable, Equatable {
        var tags: [String]
        var note: String?
        var count: Int?
    }

    /// Returns the coding path and description of the error that decoding `value` as
    /// `Tagged` throws.
    private func taggedError(_ value: JSONValue) -> (path: String, description: String)? {
        do {
            _ = try JSONValueDecoder().decode(Tagged.self, from: value)
            return nil
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            return (JSONPath(codingPath: context.codingPath).description, context.debugDescription)
        } catch {
            return ("?", "\(error)")
        }
    }

    @Test func stringArrayErrorsNameElement() {
        let notArray = taggedError(["tags": 5])
        #expect(notArray?.path == "tags")
        #expect(notArray?.description == "expected an array, found an integer")
        let notString = taggedError(["tags": ["a", 1]])
        #expect(notString?.path == "tags[1]")
        #expect(notString?.description == "expected a string, found an integer")
        let nullElement = taggedError(["tags": ["a", nil]])
        #expect(nullElement?.path == "tags[1]")
        #expect(nullElement?.description == "expected a string, found null")
    }

    @Test func optionalFieldsTreatAbsentAndNullAlike() throws {
        #expect(try JSONValueDecoder().decode(Tagged.self, from: ["tags": []]) == Tagged(tags: [], note: nil, count: nil))
        #expect(try JSONValueDecoder().decode(Tagged.self, from: ["tags": ["x"], "note": nil, "count": nil]) == Tagged(tags: ["x"]))
        #expect(try JSONValueDecoder().decode(Tagged.self, from: ["count": 2, "note": "n", "tags": []]) == Tagged(tags: [], note: "n", count: 2))
        let wrongType = taggedError(["tags": [], "count": "2"])
        #expect(wrongType?.path == "count")
        #expect(wrongType?.description == "expected an integer, found a string")
    }

    @Test func userInfoReachesDecodable() throws {
        struct ReadsUserInfo: Decodable {
            static let key = CodingUserInfoKey(rawValue: "test.flag")!
            var flag: Bool
            init(from decoder: any Decoder) throws {
                flag = decoder.userInfo[Self.key] as? Bool ?? false
            }
        }
        let decoder = JSONValueDecoder(userInfo: [ReadsUserInfo.key: true])
        #expect(try decoder.decode(ReadsUserInfo.self, from: [:]).flag)
    }
}
