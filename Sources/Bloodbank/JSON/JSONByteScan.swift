/// Word-at-a-time tests for the bytes that end a plain run inside a JSON string.
///
/// Each test looks at eight bytes loaded as one UInt64. It never misses a byte it looks
/// for. It may report a byte that is not there, but only when another byte of the same
/// word was found, so callers fall back to a byte-by-byte loop for a flagged word and
/// lose nothing but time.
enum JSONByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Sets the high bit of each byte lane that is below `limit`, for limits up to 0x80.
    private static func lanesBelow(_ word: UInt64, _ limit: UInt64) -> UInt64 {
        (word &- ones &* limit) & ~word & highBits
    }

    /// Sets the high bit of each byte lane equal to `byte`.
    private static func lanesEqual(_ word: UInt64, _ byte: UInt64) -> UInt64 {
        lanesBelow(word ^ (ones &* byte), 1)
    }

    /// Whether the word may contain `"`, `\` or a control character, the bytes the
    /// writer must escape.
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        (lanesBelow(word, 0x20) | lanesEqual(word, 0x22) | lanesEqual(word, 0x5C)) != 0
    }

    /// Whether the word may contain `"`, `\`, a control character or a non-ASCII
    /// byte, the bytes the parser must look at one by one.
    static func mayEndPlainASCII(_ word: UInt64) -> Bool {
        (lanesBelow(word, 0x20) | lanesEqual(word, 0x22) | lanesEqual(word, 0x5C) | (word & highBits)) != 0
    }
}

extension JSONByteScan {
    /// Returns a 64-bit hash of a key's bytes, eight bytes at a time, and whether every
    /// byte is ASCII.
    ///
    /// Readers and writers of objects compare key hashes to rule out repeated keys
    /// cheaply; equal hashes only send them to an exact comparison.
    static func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, isASCII: Bool) {
        let count = bytes.count
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var combined: UInt64 = 0
        func mix(_ word: UInt64) {
            combined |= word
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
        }
        if let base = UnsafeRawPointer(bytes.baseAddress), count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                mix(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            if offset < count {
                // The last eight bytes, overlapping the word before.
                mix(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            }
        } else {
            var word: UInt64 = 0
            for index in 0..<count {
                word |= UInt64(bytes[index]) << (8 * UInt64(index))
            }
            mix(word)
        }
        return (hash, combined & highBits == 0)
    }
}
