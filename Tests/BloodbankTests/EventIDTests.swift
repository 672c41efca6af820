import Foundation
import Testing

@testable import Bloodbank

@Suite("Event ids")
struct EventIDTests {
    // Computed with Python's uuid.uuid5(uuid.NAMESPACE_OID, name).
    static let vectors: [(String, String, String, String)] = [
        ("bloodbank", "fireflies.transcript.upload", "meeting_abc123", "92ac3d31-3cbb-5518-9cc9-eaa1d1198639"),
        ("bloodbank", "fireflies.transcript.ready", "meeting_abc123", "220ee64b-d889-57d4-bfb3-9b7bb3d4078a"),
        ("bloodbank", "fireflies.transcript.upload", "meeting_id=abc123", "70117275-3199-5e4c-a175-71646fb33ad7"),
        (
            "bloodbank", "fireflies.transcript.upload", "meeting_id=abc123|user_id=user_456",
            "dcbf406d-aaae-5a9a-8b36-38bb4f5ac1e7"
        ),
        ("bloodbank", "test.event", "key_123", "5be65a80-2a24-51a7-80d5-f05e78fad6f7"),
        ("other_system", "test.event", "key_123", "ec729c22-7ab4-5b35-b78b-a3ba3397746d"),
    ]

    @Test("UUIDv5 vectors", arguments: vectors)
    func deterministicID(namespace: String, eventType: String, key: String, expected: String) {
        let id = EventID.deterministic(eventType: eventType, uniqueKey: key, namespace: namespace)
        #expect(EventID.text(of: id) == expected)
    }

    @Test func defaultNamespaceIsBloodbank() {
        let id = EventID.deterministic(eventType: "test.event", uniqueKey: "key_123")
        #expect(EventID.text(of: id) == "5be65a80-2a24-51a7-80d5-f05e78fad6f7")
    }

    @Test func keyFromFieldsIsSortedByKey() {
        let fields = ["user_id": "user_456", "meeting_id": "abc123"]
        #expect(EventID.uniqueKey(fields: fields) == "meeting_id=abc123|user_id=user_456")
        let id = EventID.deterministic(eventType: "fireflies.transcript.upload", fields: fields)
        #expect(EventID.text(of: id) == "dcbf406d-aaae-5a9a-8b36-38bb4f5ac1e7")
        let single = EventID.deterministic(eventType: "fireflies.transcript.upload", fields: ["meeting_id": "abc123"])
        #expect(EventID.text(of: single) == "70117275-3199-5e4c-a175-71646fb33ad7")
    }

    @Test func keySortingUsesCodePoints() {
        // Python sorts "Z" (U+005A) before "a" (U+0061) and "é" (U+00E9) after both.
        #expect(EventID.uniqueKey(fields: ["a": "1", "Z": "2", "é": "3"]) == "Z=2|a=1|é=3")
    }

    @Test func parseAcceptsBothCasesAndUnhyphenatedForm() {
        let lower = EventID.parse("3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
        #expect(lower != nil)
        #expect(EventID.parse("3F2C8A4E-9D1B-4C6E-8A7F-2B5D9E0C1A34") == lower)
        #expect(EventID.parse("3f2c8a4e9d1b4c6e8a7f2b5d9e0c1a34") == lower)
        #expect(EventID.parse("3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a3") == nil)
        #expect(EventID.parse("3f2c8a4e-9d1b-4c6e-8a7f_2b5d9e0c1a34") == nil)
        #expect(EventID.parse("3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a3g") == nil)
        #expect(EventID.parse("") == nil)
    }

    // Expected digests from Python's hashlib.sha1; the lengths straddle the 55- and
    // 56-byte padding boundary and span several blocks.
    static let sha1Vectors: [(Int, String)] = [
        (0, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        (119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"),
        (1000, "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ]

    @Test("SHA-1 vectors", arguments: sha1Vectors)
    func sha1(length: Int, expected: String) {
        var hasher = SHA1()
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: length))
        let digest = hasher.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(digest == expected)
    }

    @Test func sha1OfStandardMessage() {
        var hasher = SHA1()
        hasher.update("abc".utf8)
        let digest = hasher.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(digest == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }
}
