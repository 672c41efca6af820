#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Event id helpers: deterministic ids for idempotent producers, and the wire text.
///
/// A producer that may publish the same fact twice (a retried webhook, a re-run
/// import) derives the id from what identifies the fact, so consumers can drop the
/// duplicate. The derivation matches the Python producers exactly:
/// `uuid5(NAMESPACE_OID, "<namespace>:<event_type>:<unique_key>")`.
public enum EventID {
    /// The RFC 9562 name space id for ISO object identifiers,
    /// `6ba7b812-9dad-11d1-80b4-00c04fd430c8`, which the Python producers use.
    public static let oidNamespace = UUID(
        uuid: (0x6B, 0xA7, 0xB8, 0x12, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8)
    )

    /// The namespace prefix of deterministic ids when the caller gives none.
    public static let defaultNamespace = "bloodbank"

    /// Returns the deterministic id of the event of `eventType` identified by `uniqueKey`.
    ///
    /// The same three inputs always give the same id, here and in Python.
    public static func deterministic(
        eventType: String,
        uniqueKey: String,
        namespace: String = EventID.defaultNamespace
    ) -> UUID {
        uuid5(namespace: oidNamespace, name: "\(namespace):\(eventType):\(uniqueKey)")
    }

    /// Returns the deterministic id of an event identified by several named fields.
    ///
    /// The unique key is built by ``uniqueKey(fields:)``, so the order in which the
    /// fields are given does not matter.
    public static func deterministic(
        eventType: String,
        fields: [String: String],
        namespace: String = EventID.defaultNamespace
    ) -> UUID {
        deterministic(eventType: eventType, uniqueKey: uniqueKey(fields: fields), namespace: namespace)
    }

    /// Returns the unique key `k1=v1|k2=v2` with the keys sorted by Unicode code
    /// point, as Python's `sorted` orders strings.
    public static func uniqueKey(fields: [String: String]) -> String {
        let sortedKeys = fields.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        return sortedKeys.map { key in "\(key)=\(fields[key] ?? "")" }.joined(separator: "|")
    }

    /// Returns the name-based UUIDv5 of `name` in `namespace` (RFC 9562 section 5.5).
    public static func uuid5(namespace: UUID, name: String) -> UUID {
        var hasher = SHA1()
        withUnsafeBytes(of: namespace.uuid) { hasher.update($0) }
        hasher.update(name.utf8)
        var digest = hasher.finalize()
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]
            )
        )
    }

    /// Returns the lower-case hyphenated text of `id`, the form used on the wire.
    ///
    /// Foundation's `uuidString` is upper case and must not reach the wire.
    public static func text(of id: UUID) -> String {
        id.lowercasedText
    }

    /// Parses a UUID in any letter case, hyphenated or as 32 hex digits.
    public static func parse(_ text: String) -> UUID? {
        UUID(jsonText: text)
    }
}
