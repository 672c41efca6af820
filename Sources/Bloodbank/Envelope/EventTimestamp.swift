#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant as whole seconds and nanoseconds since 1970-01-01T00:00:00Z.
///
/// Envelope timestamps are kept as integers rather than a Double so that every
/// fraction a producer writes (up to nanoseconds) is read exactly and the six digits
/// written back are the ones that came in. Reading accepts any RFC 3339 date-time;
/// writing always produces UTC with six fraction digits and `Z`, as Pydantic does:
/// `2026-01-27T10:00:00.123456Z`. Digits beyond microseconds are truncated on write.
public struct EventTimestamp: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z; negative before 1970.
    public private(set) var seconds: Int64
    /// Nanoseconds after ``seconds``, always in 0..<1_000_000_000.
    public private(set) var nanoseconds: UInt32

    /// Creates a timestamp, carrying whole seconds out of `nanoseconds`.
    public init(seconds: Int64, nanoseconds: UInt32 = 0) {
        let carry = Int64(nanoseconds / 1_000_000_000)
        self.seconds = seconds &+ carry
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    /// Creates a timestamp from a `Date`, rounded to the nearest microsecond.
    ///
    /// A `Date` is a Double number of seconds, which near the present resolves about a
    /// quarter of a microsecond, so finer digits would be noise. Dates outside the
    /// years 0001 to 9999 are clamped to that range.
    public init(_ date: Date) {
        let minimumSeconds: Double = -62_135_596_800  // 0001-01-01T00:00:00Z
        let maximumSeconds: Double = 253_402_300_799  // 9999-12-31T23:59:59Z
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else {
            self.init(seconds: 0)
            return
        }
        let clamped = min(max(interval, minimumSeconds), maximumSeconds)
        var whole = clamped.rounded(.down)
        var microseconds = ((clamped - whole) * 1_000_000).rounded()
        if microseconds >= 1_000_000 {
            whole += 1
            microseconds -= 1_000_000
        }
        self.init(seconds: Int64(whole), nanoseconds: UInt32(microseconds) * 1000)
    }

    /// The instant as a `Date`, accurate to about a quarter microsecond.
    public var date: Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
    }

    /// Returns the current time from the system's real-time clock, truncated to
    /// microseconds.
    ///
    /// Microseconds are what the wire carries, so an envelope stamped with `now()`
    /// compares equal to itself after being written and read back.
    public static func now() -> EventTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let microseconds = UInt32(time.tv_nsec / 1000)
        return EventTimestamp(seconds: Int64(time.tv_sec), nanoseconds: microseconds * 1000)
    }

    /// Orders timestamps by instant.
    public static func < (lhs: EventTimestamp, rhs: EventTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

extension EventTimestamp: CustomStringConvertible {
    /// The wire form, such as `2026-01-27T10:00:00.123456Z`.
    public var description: String {
        rfc3339String
    }
}

extension EventTimestamp: Codable {
    /// Decodes an RFC 3339 string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let timestamp = EventTimestamp(rfc3339: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected an RFC 3339 date-time, found \(JSONValue.string(text).excerpt)"
                )
            )
        }
        self = timestamp
    }

    /// Encodes the wire form, UTC with six fraction digits and `Z`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339String)
    }
}
