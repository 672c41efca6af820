import Testing

@testable import Bloodbank

@Suite("JSON parser")
struct JSONParserTests {
    static let validDocuments: [(String, JSONValue)] = [
        ("null", .null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("-0", .int(0)),
        ("123", .int(123)),
        ("-123", .int(-123)),
        ("1.5", .double(1.5)),
        ("1.0", .double(1.0)),
        ("1e3", .double(1000)),
        ("1E+3", .double(1000)),
        ("-2.5e-3", .double(-0.0025)),
        ("\"abc\"", .string("abc")),
        ("\"\"", .string("")),
        ("\"\\u00e9\"", .string("é")),
        ("\"\\ud83d\\ude00\"", .string("😀")),
        ("\"é😀\"", .string("é😀")),
        ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", .string("\"\\/\u{08}\u{0C}\n\r\t")),
        ("\"a\\u0000b\"", .string("a\u{0}b")),
        ("[]", .array([])),
        ("{}", .object(JSONObject())),
        ("[1,[2,[3]]]", .array([.int(1), .array([.int(2), .array([.int(3)])])])),
        (" \t\n\r 1 \n", .int(1)),
        ("{\"a\":1,\"b\":[true,null]}", ["a": 1, "b": [true, nil]]),
        ("{ \"a\" : { \"b\" : \"c\" } }", ["a": ["b": "c"]]),
    ]

    @Test("valid documents", arguments: validDocuments)
    func validDocument(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test func integersAtInt64LimitsStayExact() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int64.min))
        #expect(try JSONValue.parse("9007199254740993") == .int(9_007_199_254_740_993))
        #expect(try JSONValue.parse("-9007199254740993") == .int(-9_007_199_254_740_993))
    }

    @Test func integersBeyondInt64BecomeDoubles() throws {
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808.0))
        #expect(try JSONValue.parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func numberWithFractionIsDoubleEvenWhenIntegral() throws {
        #expect(try JSONValue.parse("2.0") == .double(2))
        #expect(try JSONValue.parse("2e0") == .double(2))
    }

    static let invalidDocuments: [(String, JSONParseError.Code, Int)] = [
        ("", .unexpectedEndOfInput, 0),
        ("   ", .unexpectedEndOfInput, 3),
        ("nul", .unexpectedEndOfInput, 3),
        ("nulx", .unexpectedByte, 3),
        ("True", .unexpectedByte, 0),
        ("NaN", .unexpectedByte, 0),
        ("Infinity", .unexpectedByte, 0),
        ("01", .invalidNumber, 1),
        ("-", .unexpectedEndOfInput, 1),
        ("-a", .invalidNumber, 1),
        ("1.", .unexpectedEndOfInput, 2),
        ("1.e5", .invalidNumber, 2),
        ("1e", .unexpectedEndOfInput, 2),
        ("1e+", .unexpectedEndOfInput, 3),
        ("1ex", .invalidNumber, 2),
        (".5", .unexpectedByte, 0),
        ("+1", .unexpectedByte, 0),
        ("1e400", .numberOutOfRange, 0),
        ("-1e400", .numberOutOfRange, 0),
        ("[1,]", .unexpectedByte, 3),
        ("[1 2]", .unexpectedByte, 3),
        ("[1", .unexpectedEndOfInput, 2),
        ("{\"a\" 1}", .unexpectedByte, 5),
        ("{\"a\":1,}", .unexpectedByte, 7),
        ("{a:1}", .unexpectedByte, 1),
        ("{\"a\":", .unexpectedEndOfInput, 5),
        ("{\"a\":1", .unexpectedEndOfInput, 6),
        ("[1]x", .trailingData, 3),
        ("1 2", .trailingData, 2),
        ("{} {}", .trailingData, 3),
        ("\"abc", .unexpectedEndOfInput, 4),
        ("\"a\u{01}\"", .controlCharacterInString, 2),
        ("\"a\nb\"", .controlCharacterInString, 2),
        ("\"\\x\"", .invalidEscape, 1),
        ("\"\\u12\"", .invalidEscape, 5),
        ("\"\\u12G4\"", .invalidEscape, 5),
        ("\"\\ud800\"", .loneSurrogate, 1),
        ("\"\\udc00\"", .loneSurrogate, 1),
        ("\"\\ud800\\u0041\"", .loneSurrogate, 1),
        ("\"x\\ud800\\n\"", .loneSurrogate, 2),
        ("\u{FEFF}1", .unexpectedByte, 0),
        ("'a'", .unexpectedByte, 0),
        ("[1,,2]", .unexpectedByte, 3),
    ]

    @Test("invalid documents", arguments: invalidDocuments)
    func invalidDocument(text: String, code: JSONParseError.Code, offset: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        do {
            _ = try JSONValue.parse(text)
        } catch {
            #expect(error.code == code)
            #expect(error.offset == offset)
        }
    }

    static let invalidUTF8: [([UInt8], Int)] = [
        ([0x22, 0xFF, 0x22], 1),  // 0xFF never appears in UTF-8
        ([0x22, 0x80, 0x22], 1),  // a continuation byte without a lead byte
        ([0x22, 0xC0, 0xAF, 0x22], 1),  // overlong two-byte form of '/'
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 2),  // overlong three-byte form
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),  // the surrogate U+D800 encoded directly
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),  // above U+10FFFF
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1),  // lead byte beyond the Unicode range
        ([0x22, 0xC3, 0x22], 2),  // lead byte followed by the closing quote
        ([0x22, 0xE2, 0x82], 3),  // truncated at the end of the input
        ([0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], 4),  // invalid after an escape
    ]

    @Test("invalid UTF-8", arguments: invalidUTF8)
    func invalidUTF8IsRejected(bytes: [UInt8], offset: Int) {
        do {
            _ = try JSONValue.parse(bytes)
            Issue.record("parsed invalid UTF-8 \(bytes)")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.offset == offset)
        }
    }

    @Test func validMultibyteUTF8IsAccepted() throws {
        #expect(try JSONValue.parse([0x22, 0xC3, 0xA9, 0x22]) == .string("é"))
        #expect(try JSONValue.parse([0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22]) == .string("😀"))
        #expect(try JSONValue.parse([0x22, 0xEF, 0xBF, 0xBF, 0x22]) == .string("\u{FFFF}"))
        #expect(try JSONValue.parse([0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]) == .string("\u{10FFFF}"))
    }

    @Test func nestingUpToLimitIsAccepted() throws {
        let depth = JSONValue.maximumNestingDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONValue.parse(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            value = elements.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test func nestingBeyondLimitIsRejected() {
        let depth = JSONValue.maximumNestingDepth + 1
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        do {
            _ = try JSONValue.parse(arrays)
            Issue.record("accepted \(depth) nested arrays")
        } catch {
            #expect(error.code == .nestingTooDeep)
            #expect(error.offset == depth - 1)
        }
        do {
            _ = try JSONValue.parse(objects)
            Issue.record("accepted \(depth) nested objects")
        } catch {
            #expect(error.code == .nestingTooDeep)
            #expect(error.offset == (depth - 1) * 5)
        }
    }

    @Test func veryDeepInputFailsWithoutCrashing() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func duplicateKeyKeepsLastValueAtFirstPosition() throws {
        let value = try JSONValue.parse("{\"a\":1,\"b\":2,\"a\":3}")
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .int(3))
    }

    @Test func escapedDuplicateKeyIsTheSameKey() throws {
        let object = try #require(try JSONValue.parse(#"{"a":1,"\u0061":2,"b\n":3,"b\u000a":4}"#).objectValue)
        #expect(object.keys == ["a", "b\n"])
        #expect(object["a"] == .int(2))
        #expect(object["b\n"] == .int(4))
    }

    @Test func nestedObjectsFindTheirOwnDuplicates() throws {
        let text = #"{"k":{"k":1,"x":{"k":2,"k":3}},"y":[{"y":4,"y":5}],"k":6}"#
        let value = try JSONValue.parse(text)
        #expect(value.objectValue?.keys == ["k", "y"])
        #expect(value["k"] == .int(6))
        let inner = try JSONValue.parse(#"{"k":{"k":1,"x":{"k":2,"k":3}}}"#)
        #expect(inner["k"]?["x"]?.objectValue?.keys == ["k"])
        #expect(inner["k"]?["x"]?["k"] == .int(3))
        #expect(inner["k"]?.objectValue?.keys == ["k", "x"])
        #expect(value["y"]?.arrayValue?.first == ["y": 5])
    }

    @Test func manyDistinctKeysAreAllKept() throws {
        let keys = (0..<200).map { "key_\($0)" }
        let text = "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        let object = try #require(try JSONValue.parse(text).objectValue)
        #expect(object.keys == keys)
        let small = "{" + keys.prefix(16).enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        #expect(try JSONValue.parse(small).objectValue?.keys == Array(keys.prefix(16)))
    }

    @Test func objectKeepsKeyOrder() throws {
        let value = try JSONValue.parse("{\"z\":1,\"a\":2,\"m\":3}")
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func parsesNonContiguousCollections() throws {
        let bytes = Array("{\"k\":[1,2]}".utf8)
        let lazyBytes = bytes.lazy.map { $0 }
        #expect(try JSONValue.parse(lazyBytes) == ["k": [1, 2]])
        #expect(try JSONValue.parse(bytes[...]) == ["k": [1, 2]])
    }

    @Test func errorDescriptionNamesOffsetAndExpectation() {
        do {
            _ = try JSONValue.parse("[1 2]")
            Issue.record("parsed invalid JSON")
        } catch {
            #expect(error.description == "invalid JSON at byte 3: unexpected byte, expected ',' or ']'")
        }
    }
}
