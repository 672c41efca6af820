#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A string format that ``FieldConstraint/format(_:)`` checks and JSON Schema names
/// with its `format` keyword.
public enum StringFormat: String, Sendable, Hashable, CaseIterable {
    /// A UUID in its 36-character text form, in any letter case.
    case uuid
    /// An absolute URI with a scheme, such as `https://example.com/a`, per RFC 3986.
    case uri
    /// An RFC 3339 date-time with a time zone, such as `2026-01-27T10:00:00Z`.
    case dateTime = "date-time"
    /// An e-mail address: a local part, `@` and a domain with no spaces.
    case email

    /// Whether `text` has this format.
    public func matches(_ text: String) -> Bool {
        switch self {
        case .uuid:
            return UUID(jsonText: text) != nil
        case .uri:
            return Self.isAbsoluteURI(text)
        case .dateTime:
            return EventTimestamp(rfc3339: text) != nil
        case .email:
            return Self.isEmailAddress(text)
        }
    }

    /// A value of this format for generated examples.
    public var example: String {
        switch self {
        case .uuid: return "6ba7b812-9dad-11d1-80b4-00c04fd430c8"
        case .uri: return "https://example.com/resource"
        case .dateTime: return "2026-01-27T10:00:00.000000Z"
        case .email: return "user@example.com"
        }
    }

    /// Checks the RFC 3986 shape of an absolute URI: a scheme of a letter followed by
    /// letters, digits, `+`, `-` or `.`, a colon, and no spaces, control characters or
    /// characters outside ASCII in the rest.
    private static func isAbsoluteURI(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
        for (offset, byte) in bytes[..<colon].enumerated() {
            let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            let isSymbol = byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard isLetter || (offset > 0 && (isDigit || isSymbol)) else { return false }
        }
        let forbidden: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"),
                                     UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "{"),
                                     UInt8(ascii: "|"), UInt8(ascii: "}")]
        return bytes[(colon + 1)...].allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }
    }

    private static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F }
    }
}
