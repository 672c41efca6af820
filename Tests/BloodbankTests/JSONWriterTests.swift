import Testing

import Bloodbank

@Suite("JSON writer")
struct JSONWriterTests {
    private func text(_ value: JSONValue) throws -> String {
        String(decoding: try value.serialized(), as: UTF8.self)
    }

    // Expected strings are Python's `repr` of the same float.
    static let doubles: [(Double, String)] = [
        (1.0, "1.0"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (0.5, "0.5"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (100.0, "100.0"),
        (12345.678, "12345.678"),
        (123456789.0, "123456789.0"),
        (1e15, "1000000000000000.0"),
        (9.1e15, "9100000000000000.0"),
        (1e16, "1e+16"),
        (2e16, "2e+16"),
        (1e22, "1e+22"),
        (123456789012345680.0, "1.2345678901234568e+17"),
        (0.0001, "0.0001"),
        (0.000123, "0.000123"),
        (0.00001, "1e-05"),
        (1.2345e-05, "1.2345e-05"),
        (1.5e-7, "1.5e-07"),
        (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
    ]

    @Test("doubles in Python repr form", arguments: doubles)
    func doubleFormatting(value: Double, expected: String) throws {
        #expect(try text(.double(value)) == expected)
    }

    @Test("doubles read back exactly", arguments: doubles)
    func doubleRoundTrip(value: Double, expected: String) throws {
        let parsed = try JSONValue.parse(try JSONValue.double(value).serialized())
        #expect(parsed.doubleValue == value)
        #expect(parsed.doubleValue?.sign == value.sign)
    }

    @Test func nonFiniteDoublesAreRejectedWithPath() {
        for bad in [Double.nan, .infinity, -.infinity] {
            let value: JSONValue = ["a": ["b": [1, .double(bad)]]]
            do {
                _ = try value.serialized()
                Issue.record("wrote \(bad)")
            } catch {
                #expect(error.code == .nonFiniteNumber)
                #expect(error.path.description == "a.b[1]")
            }
        }
    }

    @Test func integersAreWrittenExactly() throws {
        #expect(try text(.int(0)) == "0")
        #expect(try text(.int(-1)) == "-1")
        #expect(try text(.int(Int64.max)) == "9223372036854775807")
        #expect(try text(.int(Int64.min)) == "-9223372036854775808")
    }

    @Test func stringsEscapeQuotesBackslashesAndControls() throws {
        #expect(try text("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(try text("\n\t\r\u{08}\u{0C}") == #""\n\t\r\b\f""#)
        #expect(try text("\u{0}\u{01}\u{1F}") == #""\u0000\u0001\u001f""#)
        #expect(try text("\u{7F}") == "\"\u{7F}\"")
    }

    @Test func nonASCIIStaysUTF8() throws {
        let bytes = try JSONValue.string("é😀\u{2028}").serialized()
        #expect(bytes == [0x22] + Array("é😀\u{2028}".utf8) + [0x22])
    }

    @Test func outputIsCompactAndKeepsKeyOrder() throws {
        let value: JSONValue = ["z": 1, "a": [true, false, nil], "m": ["x": "y"], "e": [:]]
        #expect(try text(value) == #"{"z":1,"a":[true,false,null],"m":{"x":"y"},"e":{}}"#)
    }

    @Test func compactTextRoundTripsByteForByte() throws {
        let texts = [
            #"{"event":"x","n":[1,-2,3.5,1e+16,0.0001],"s":"a\"b\\c\n","o":{"b":null,"a":true}}"#,
            #"[[],{},"",0,-0.0,"é"]"#,
        ]
        for original in texts {
            let written = try JSONValue.parse(original).serialized()
            #expect(String(decoding: written, as: UTF8.self) == original)
        }
    }

    @Test func writeAppendsToExistingBuffer() throws {
        var buffer = Array("prefix:".utf8)
        try JSONValue.array([1, "two"]).write(to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:[1,"two"]"#)
    }
}
