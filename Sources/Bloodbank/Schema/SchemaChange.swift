/// One difference between two versions of an event type's payload schema.
///
/// ``SchemaDiff`` classifies every change as additive or breaking. A change is
/// breaking when a consumer or producer built against the old schema can fail with the
/// new one: a field or type removed, a new required field, or a type, enumeration or
/// constraint narrowed. Widening (a new optional field, a new enumeration value, a
/// looser constraint) is additive.
public struct SchemaChange: Sendable, Hashable, CustomStringConvertible {
    /// The kind of change.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A new event type.
        case typeAdded = "type-added"
        /// An event type is gone.
        case typeRemoved = "type-removed"
        /// An event type is gone and a new one has the same schema.
        case typeRenamed = "type-renamed"
        /// A new optional field.
        case optionalFieldAdded = "optional-field-added"
        /// A new required field, which old producers do not send.
        case requiredFieldAdded = "required-field-added"
        /// A field is gone, so consumers reading it fail.
        case fieldRemoved = "field-removed"
        /// An optional field became required.
        case fieldBecameRequired = "field-became-required"
        /// A required field became optional.
        case fieldBecameOptional = "field-became-optional"
        /// A field accepts fewer values: a narrower JSON type, a new format, or null no
        /// longer allowed.
        case typeNarrowed = "type-narrowed"
        /// A field accepts more values: a wider JSON type, a format dropped, or null
        /// now allowed.
        case typeWidened = "type-widened"
        /// A field's JSON type changed to an unrelated one.
        case typeChanged = "type-changed"
        /// An enumeration lost values, or a free string became an enumeration.
        case enumNarrowed = "enum-narrowed"
        /// An enumeration gained values, or stopped being one.
        case enumWidened = "enum-widened"
        /// A length, range, item count or pattern constraint became stricter or new.
        case constraintTightened = "constraint-tightened"
        /// A constraint became looser or was removed.
        case constraintLoosened = "constraint-loosened"
        /// An object no longer accepts unknown members.
        case unknownFieldsForbidden = "unknown-fields-forbidden"
        /// An object now accepts unknown members.
        case unknownFieldsAllowed = "unknown-fields-allowed"
        /// The default of an optional field changed.
        case defaultChanged = "default-changed"
        /// The binding pattern of the type changed, so existing bindings miss events.
        case routingChanged = "routing-changed"

        /// Whether a peer built against the old schema can fail with the new one.
        public var isBreaking: Bool {
            switch self {
            case .typeRemoved, .typeRenamed, .requiredFieldAdded, .fieldRemoved, .fieldBecameRequired, .typeNarrowed,
                .typeChanged, .enumNarrowed, .constraintTightened, .unknownFieldsForbidden, .routingChanged:
                return true
            case .typeAdded, .optionalFieldAdded, .fieldBecameOptional, .typeWidened, .enumWidened,
                .constraintLoosened, .unknownFieldsAllowed, .defaultChanged:
                return false
            }
        }
    }

    /// The kind of change.
    public var kind: Kind
    /// The event type whose schema changed.
    public var eventType: String
    /// The field in the payload, such as `sentences[].text`; `$` for the payload itself.
    public var path: String
    /// The change in words, such as `maxLength 500 -> 200`.
    public var detail: String

    /// Creates a change.
    public init(kind: Kind, eventType: String, path: String, detail: String) {
        self.kind = kind
        self.eventType = eventType
        self.path = path
        self.detail = detail
    }

    /// Whether a peer built against the old schema can fail with the new one.
    public var isBreaking: Bool {
        kind.isBreaking
    }

    /// One line: classification, kind, event type, path and detail, such as
    /// `breaking  field-removed  fireflies.transcript.ready  summary: ...`.
    public var description: String {
        "\(isBreaking ? "breaking" : "additive")  \(kind.rawValue)  \(eventType)  \(path): \(detail)"
    }
}
