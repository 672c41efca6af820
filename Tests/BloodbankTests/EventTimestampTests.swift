import Foundation
import Testing

import Bloodbank

@Suite("Event timestamp")
struct EventTimestampTests {
    // 2026-01-27T10:00:00Z
    static let base: Int64 = 1_769_508_000

    static let sameInstantForms = [
        "2026-01-27T10:00:00Z",
        "2026-01-27T10:00:00+00:00",
        "2026-01-27T10:00:00z",
        "2026-01-27t10:00:00Z",
        "2026-01-27 10:00:00Z",
        "2026-01-27T12:00:00+02:00",
        "2026-01-27T05:30:00-04:30",
        "2026-01-26T23:00:00-11:00",
    ]

    @Test("forms of one instant", arguments: sameInstantForms)
    func sameInstant(text: String) throws {
        let timestamp = try #require(EventTimestamp(rfc3339: text))
        #expect(timestamp == EventTimestamp(seconds: Self.base))
    }

    static let fractions: [(String, UInt32)] = [
        ("2026-01-27T10:00:00Z", 0),
        ("2026-01-27T10:00:00.1Z", 100_000_000),
        ("2026-01-27T10:00:00.12Z", 120_000_000),
        ("2026-01-27T10:00:00.123456Z", 123_456_000),
        ("2026-01-27T10:00:00.123456+00:00", 123_456_000),
        ("2026-01-27T12:00:00.123456+02:00", 123_456_000),
        ("2026-01-27T10:00:00.123456789Z", 123_456_789),
        ("2026-01-27T10:00:00.000000001Z", 1),
    ]

    @Test("fraction digits", arguments: fractions)
    func fractionDigits(text: String, nanoseconds: UInt32) throws {
        let timestamp = try #require(EventTimestamp(rfc3339: text))
        #expect(timestamp.seconds == Self.base)
        #expect(timestamp.nanoseconds == nanoseconds)
    }

    static let invalidForms = [
        "",
        "2026-01-27",
        "2026-01-27T10:00Z",
        "2026-01-27T10:00:00",
        "2026-1-27T10:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-01-27T24:00:00Z",
        "2026-01-27T10:60:00Z",
        "2026-01-27T10:00:60Z",
        "2026-01-27T10:00:00.Z",
        "2026-01-27T10:00:00.1234567890Z",
        "2026-01-27T10:00:00+0200",
        "2026-01-27T10:00:00+24:00",
        "2026-01-27T10:00:00Zjunk",
        "2026-01-27X10:00:00Z",
        "+2026-01-27T10:00:00Z",
        "2026-01-27T10:00:00.12a3Z",
    ]

    @Test("invalid forms", arguments: invalidForms)
    func invalidForm(text: String) {
        #expect(EventTimestamp(rfc3339: text) == nil)
    }

    @Test func leapDaysFollowGregorianRules() {
        #expect(EventTimestamp(rfc3339: "2024-02-29T00:00:00Z") != nil)
        #expect(EventTimestamp(rfc3339: "2000-02-29T00:00:00Z") != nil)
        #expect(EventTimestamp(rfc3339: "1900-02-29T00:00:00Z") == nil)
    }

    @Test func writesUTCWithSixDigitsAndZ() {
        #expect(EventTimestamp(seconds: Self.base).rfc3339String == "2026-01-27T10:00:00.000000Z")
        #expect(EventTimestamp(seconds: Self.base, nanoseconds: 123_456_789).rfc3339String == "2026-01-27T10:00:00.123456Z")
        #expect(EventTimestamp(seconds: 0).rfc3339String == "1970-01-01T00:00:00.000000Z")
        #expect(EventTimestamp(seconds: 951_782_400).rfc3339String == "2000-02-29T00:00:00.000000Z")
    }

    @Test func offsetInputIsWrittenInUTC() throws {
        let timestamp = try #require(EventTimestamp(rfc3339: "2026-01-27T12:00:00.12+02:00"))
        #expect(timestamp.rfc3339String == "2026-01-27T10:00:00.120000Z")
    }

    @Test func instantsBefore1970() throws {
        let timestamp = try #require(EventTimestamp(rfc3339: "1969-12-31T23:59:59.5Z"))
        #expect(timestamp.seconds == -1)
        #expect(timestamp.nanoseconds == 500_000_000)
        #expect(timestamp.rfc3339String == "1969-12-31T23:59:59.500000Z")
        #expect(EventTimestamp(rfc3339: "0001-01-01T00:00:00Z")?.rfc3339String == "0001-01-01T00:00:00.000000Z")
    }

    @Test func nanosecondsCarryIntoSeconds() {
        let timestamp = EventTimestamp(seconds: 10, nanoseconds: 2_500_000_000)
        #expect(timestamp.seconds == 12)
        #expect(timestamp.nanoseconds == 500_000_000)
    }

    @Test func dateConversionKeepsMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_769_508_000.123456)
        let timestamp = EventTimestamp(date)
        #expect(timestamp.rfc3339String == "2026-01-27T10:00:00.123456Z")
        #expect(abs(timestamp.date.timeIntervalSince(date)) < 0.000_001)
    }

    @Test func dateConversionClampsOutOfRangeDates() {
        #expect(EventTimestamp(Date.distantFuture).rfc3339String.hasPrefix("4001-01-01"))
        #expect(EventTimestamp(Date(timeIntervalSince1970: 1e300)).rfc3339String == "9999-12-31T23:59:59.000000Z")
        #expect(EventTimestamp(Date(timeIntervalSince1970: -1e300)).rfc3339String == "0001-01-01T00:00:00.000000Z")
    }

    @Test func nowIsCloseToSystemTime() {
        let difference = EventTimestamp.now().date.timeIntervalSince(Date())
        #expect(abs(difference) < 1)
    }

    @Test func orderingFollowsInstant() {
        #expect(EventTimestamp(seconds: 1, nanoseconds: 999) < EventTimestamp(seconds: 2))
        #expect(EventTimestamp(seconds: 1, nanoseconds: 1) < EventTimestamp(seconds: 1, nanoseconds: 2))
    }
}
