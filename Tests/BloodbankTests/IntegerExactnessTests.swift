import Foundation
import Testing

import Bloodbank

@Suite("Exact integers through validation and decoding")
struct IntegerExactnessTests {
    static func decode(_ json: String) throws -> IntegerProbe {
        try PayloadValidator.decode(IntegerProbe.self, from: JSONValue.parse(json))
    }

    @Test func twoToTheFiftyThreePlusOneStaysExact() throws {
        let probe = try Self.decode(#"{"value": 9007199254740993}"#)
        #expect(probe.value == 9_007_199_254_740_993)
        let encoded = try JSONValueEncoder().encode(probe)
        #expect(String(decoding: try encoded.serialized(), as: UTF8.self).contains("9007199254740993"))
    }

    @Test func int64ExtremesAreAccepted() throws {
        #expect(try Self.decode(#"{"value": 9223372036854775807}"#).value == Int.max)
        #expect(try Self.decode(#"{"value": -9223372036854775808}"#).value == Int.min)
    }

    @Test func int64MaxPlusOneIsRejected() {
        #expect {
            _ = try Self.decode(#"{"value": 9223372036854775808}"#)
        } throws: { error in
            guard let error = error as? ValidationError, let issue = error.issues.first else { return false }
            return issue.code == .outOfRange && issue.path.description == "value"
                && issue.expected == "an integer from -9223372036854775808 to 9223372036854775807"
                && issue.found.contains("outside the Int64 range")
        }
    }

    @Test func int64MinMinusOneIsRejected() {
        #expect {
            _ = try Self.decode(#"{"value": -9223372036854775809}"#)
        } throws: { error in
            (error as? ValidationError)?.issues.first?.code == .outOfRange
        }
    }

    @Test func fractionIsRejectedForInteger() {
        #expect {
            _ = try Self.decode(#"{"value": 1.5}"#)
        } throws: { error in
            guard let issue = (error as? ValidationError)?.issues.first else { return false }
            return issue.code == .invalidType && issue.expected == "an integer" && issue.found == "1.5, which has a fraction"
        }
    }

    @Test func largeIntegralDoubleIsRejected() {
        // 2^53 + 1 written with an exponent parses as a Double and has already lost its last bit.
        #expect {
            _ = try Self.decode(#"{"value": 9.007199254740993e15}"#)
        } throws: { error in
            (error as? ValidationError)?.issues.first?.code == .invalidType
        }
    }

    @Test func smallIntegralDoubleIsAccepted() throws {
        #expect(try Self.decode(#"{"value": 1e3}"#).value == 1000)
    }

    @Test func narrowIntegerTypesCheckTheirRange() {
        #expect {
            _ = try Self.decode(#"{"value": 1, "small": 2147483648, "unsigned": -1}"#)
        } throws: { error in
            guard let error = error as? ValidationError else { return false }
            return error.issues.map(\.path.description) == ["small", "unsigned"]
                && error.issues.map(\.expected) == ["an integer from -2147483648 to 2147483647", "an integer from 0 to 255"]
        }
    }

    @Test func plainDecoderRejectsInexactDouble() throws {
        #expect(throws: DecodingError.self) {
            _ = try JSONValueDecoder().decode(Int.self, from: .double(9_007_199_254_740_992.0))
        }
        #expect(try JSONValueDecoder().decode(Int.self, from: .double(9_007_199_254_740_991.0)) == 9_007_199_254_740_991)
    }
}
