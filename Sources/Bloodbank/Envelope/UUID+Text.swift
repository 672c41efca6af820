#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension UUID {
    /// Parses the text of a UUID in any letter case: 36 characters with hyphens at
    /// positions 8, 13, 18 and 23, or 32 hex digits without hyphens.
    ///
    /// Python's `uuid.UUID` and Pydantic accept both forms.
    init?(jsonText text: String) {
        let parsed = text.utf8.withContiguousStorageIfAvailable { bytes in
            UUID.parseText(bytes)
        }
        if let parsed {
            guard let parsed else { return nil }
            self = parsed
        } else {
            guard let parsed = Array(text.utf8).withUnsafeBufferPointer({ UUID.parseText($0) }) else {
                return nil
            }
            self = parsed
        }
    }

    /// Parses the UTF-8 text of a UUID, as ``init(jsonText:)`` does.
    static func parseText(_ bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        let hasHyphens: Bool
        switch bytes.count {
        case 36: hasHyphens = true
        case 32: hasHyphens = false
        default: return nil
        }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let succeeded = withUnsafeMutableBytes(of: &raw) { output -> Bool in
            var cursor = 0
            for index in 0..<16 {
                if hasHyphens && (index == 4 || index == 6 || index == 8 || index == 10) {
                    guard bytes[cursor] == UInt8(ascii: "-") else { return false }
                    cursor += 1
                }
                guard let high = hexValue(bytes[cursor]), let low = hexValue(bytes[cursor + 1]) else {
                    return false
                }
                output[index] = high << 4 | low
                cursor += 2
            }
            return true
        }
        return succeeded ? UUID(uuid: raw) : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The hyphenated lower-case text that goes on the wire, unlike Foundation's
    /// upper-case `uuidString`.
    var lowercasedText: String {
        String(unsafeUninitializedCapacity: Self.textCount) { buffer in
            guard let start = buffer.baseAddress else { return 0 }
            return writeLowercasedText(to: start)
        }
    }

    /// The length of the hyphenated text in bytes.
    static let textCount = 36

    /// Writes the hyphenated lower-case text, without quotes, at `start` and returns
    /// its length, ``textCount``.
    func writeLowercasedText(to start: UnsafeMutablePointer<UInt8>) -> Int {
        let hexDigits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    start[position] = UInt8(ascii: "-")
                    position += 1
                }
                start[position] = hexDigits.utf8Start[Int(bytes[index] >> 4)]
                start[position + 1] = hexDigits.utf8Start[Int(bytes[index] & 0x0F)]
                position += 2
            }
            return position
        }
    }
}

extension JSONWriter {
    /// Appends the hyphenated lower-case text of `uuid`, without quotes.
    func appendLowercasedText(of uuid: UUID) {
        write(reserving: UUID.textCount) { start in
            uuid.writeLowercasedText(to: start)
        }
    }
}
