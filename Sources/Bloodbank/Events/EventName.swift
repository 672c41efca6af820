/// The naming rule for event and command types.
///
/// A name is at least three lower-case segments of `[a-z0-9_-]` joined by single dots,
/// such as `fireflies.transcript.ready`, at most 255 bytes long (the AMQP limit for a
/// routing key). `*` and `#` are rejected because a topic exchange treats them as
/// wildcards in bindings, and upper case because routing keys compare case-sensitively
/// and mixed case splits one type into several.
public enum EventName {
    /// Maximum length of a name in bytes of UTF-8.
    public static let maximumLength = 255

    /// Minimum number of dot-separated segments: domain, entity and action.
    public static let minimumSegmentCount = 3

    /// The rule in one sentence, appended to every naming error.
    public static let ruleDescription =
        "Names are lower-case [a-z0-9_-] segments joined by single dots, at least 3 segments and at most 255 bytes."

    /// Checks `name` against the naming rule.
    ///
    /// - Throws: ``EventNameError`` naming the broken part of the rule and where it
    ///   is broken: the segment number and the byte offset of the first bad character.
    public static func validate(_ name: String) throws(EventNameError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else {
            throw EventNameError(code: .empty, name: name, reason: "the name is empty")
        }
        guard bytes.count <= maximumLength else {
            throw EventNameError(
                code: .tooLong,
                name: name,
                reason: "the name is \(bytes.count) bytes long, more than the maximum of \(maximumLength)"
            )
        }

        var segment = 1
        var segmentLength = 0
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "."):
                guard segmentLength > 0 else {
                    throw EventNameError(code: .emptySegment, name: name, segment: segment, byteOffset: offset, reason: "segment \(segment) is empty")
                }
                segment += 1
                segmentLength = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "-"):
                segmentLength += 1
            case UInt8(ascii: "*"), UInt8(ascii: "#"):
                throw EventNameError(
                    code: .wildcard,
                    name: name,
                    segment: segment,
                    byteOffset: offset,
                    reason: "segment \(segment) contains the wildcard '\(Character(Unicode.Scalar(byte)))' at byte \(offset), which a topic exchange treats as a pattern"
                )
            default:
                throw EventNameError(
                    code: .invalidCharacter,
                    name: name,
                    segment: segment,
                    byteOffset: offset,
                    reason: "segment \(segment) contains \(characterDescription(in: bytes, at: offset)) at byte \(offset)"
                )
            }
        }
        guard segmentLength > 0 else {
            throw EventNameError(code: .emptySegment, name: name, segment: segment, byteOffset: bytes.count, reason: "segment \(segment) is empty")
        }
        guard segment >= minimumSegmentCount else {
            throw EventNameError(
                code: .tooFewSegments,
                name: name,
                segment: segment,
                reason: "the name has \(segment) segment\(segment == 1 ? "" : "s"), fewer than the minimum of \(minimumSegmentCount)"
            )
        }
    }

    /// Returns whether `name` follows the naming rule.
    public static func isValid(_ name: String) -> Bool {
        do {
            try validate(name)
            return true
        } catch {
            return false
        }
    }

    /// Checks the event type of a payload type, allowing a legacy name by name.
    ///
    /// A legacy name (``EventPayload/isLegacyName``) predates the rule and is kept so
    /// that existing peers keep working. It only has to be non-empty and at most
    /// ``maximumLength`` bytes, because a longer routing key cannot be sent at all.
    /// A routing-key template such as `agent.{agent_name}.status` is checked with each
    /// `{field}` segment standing for a one-character segment, and each field name must
    /// be lower-case `[a-z0-9_]`.
    ///
    /// - Throws: ``EventNameError`` as ``validate(_:)`` does.
    public static func validate(_ type: any EventPayload.Type) throws(EventNameError) {
        let name = type.eventType
        let template = RoutingKeyTemplate(name)
        for field in template.fieldNames where !isValidFieldName(field) {
            throw EventNameError(
                code: .invalidCharacter,
                name: name,
                reason: "the template field {\(field)} is not a lower-case [a-z0-9_] field name"
            )
        }
        guard type.isLegacyName else {
            do {
                try validate(template.filledForChecking(with: "x"))
            } catch {
                var error = error
                error.name = name
                throw error
            }
            return
        }
        let length = name.utf8.count
        guard length > 0 else {
            throw EventNameError(code: .empty, name: name, reason: "the name is empty")
        }
        guard length <= maximumLength else {
            throw EventNameError(
                code: .tooLong,
                name: name,
                reason: "the name is \(length) bytes long, more than the maximum of \(maximumLength)"
            )
        }
    }

    private static func isValidFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// Describes the character that starts at `offset`, such as "the upper-case letter 'O'".
    private static func characterDescription(in bytes: [UInt8], at offset: Int) -> String {
        let byte = bytes[offset]
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
            return "the upper-case letter '\(Character(Unicode.Scalar(byte)))'"
        }
        if byte == UInt8(ascii: " ") {
            return "a space"
        }
        if byte < 0x20 || byte == 0x7F {
            return "the control character U+\(hex(UInt32(byte)))"
        }
        if byte < 0x80 {
            return "the character '\(Character(Unicode.Scalar(byte)))'"
        }
        let scalars = String(decoding: bytes[offset...], as: UTF8.self).unicodeScalars
        if let scalar = scalars.first {
            return "the non-ASCII character '\(scalar)' (U+\(hex(scalar.value)))"
        }
        return "a non-ASCII character"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
