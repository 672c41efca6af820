/// An error for an event type name that breaks the naming rule or clashes in a registry.
///
/// The description quotes the name (cut after 40 characters), states which part of the
/// rule is broken and where, and restates the rule.
public struct EventNameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The part of the rule that the name breaks.
    public enum Code: Sendable, Hashable {
        /// The name is the empty string.
        case empty
        /// The name is longer than ``EventName/maximumLength`` bytes of UTF-8.
        case tooLong
        /// The name has fewer than ``EventName/minimumSegmentCount`` segments.
        case tooFewSegments
        /// Two dots are adjacent, or the name starts or ends with a dot.
        case emptySegment
        /// A segment contains a character outside `[a-z0-9_-]`, such as an upper-case
        /// letter or a space.
        case invalidCharacter
        /// The name contains `*` or `#`, which a topic exchange reads as wildcards.
        case wildcard
        /// Another payload type is already registered under this name, or under a
        /// routing-key template that matches the same keys.
        case alreadyRegistered
        /// A routing-key template names a payload field whose value is absent, not a
        /// string, or not a valid segment, so no routing key can be built.
        case invalidSegmentValue
    }

    /// The part of the rule that the name breaks.
    public var code: Code
    /// The name that was checked.
    public var name: String
    /// The one-based number of the segment involved, when the error is about one.
    public var segment: Int?
    /// The zero-based UTF-8 byte offset of the offending character, when there is one.
    public var byteOffset: Int?
    /// The payload field that fills the routing-key segment involved, for
    /// ``Code/invalidSegmentValue``.
    public var field: String?
    /// The reason in words, such as "segment 2 is empty".
    public var reason: String

    /// Creates an error.
    public init(code: Code, name: String, segment: Int? = nil, byteOffset: Int? = nil, field: String? = nil, reason: String) {
        self.code = code
        self.name = name
        self.segment = segment
        self.byteOffset = byteOffset
        self.field = field
        self.reason = reason
    }

    /// The quoted name, the reason and the rule, for example
    /// `"order..created": segment 2 is empty. Names are lower-case [a-z0-9_-] segments
    /// joined by single dots, at least 3 segments and at most 255 bytes.`
    public var description: String {
        let quoted = JSONValue.string(name).excerpt
        if code == .alreadyRegistered || code == .invalidSegmentValue {
            return "\(quoted): \(reason)."
        }
        return "\(quoted): \(reason). \(EventName.ruleDescription)"
    }
}
