public import Bloodbank

/// A change to an artifact such as a transcript, a code file or a document:
/// `artifact.<action>`.
///
/// The three event types share one payload shape, so the action type selects the name
/// and the payload shape is written once. The names are legacy names: they have two
/// segments where the naming rule requires three. The payload repeats the action in its
/// `action` field, as the Python peers send it.
public struct ArtifactChanged<Action: ArtifactAction>: EventPayload, Hashable {
    /// The event type, `artifact.created`, `artifact.updated` or `artifact.deleted`.
    public static var eventType: String { "artifact." + Action.action.rawValue }
    /// True: the Python peers publish these two-segment names.
    public static var isLegacyName: Bool { true }

    /// The change to the artifact, normally the action of the event type.
    public var action: ArtifactChange
    /// The kind of artifact, such as `transcript`, `code` or `document`.
    public var kind: String
    /// The artifact's location.
    public var uri: String
    /// The artifact's title, if it has one.
    public var title: String?
    /// The artifact's content, if sent inline.
    public var content: String?
    /// Free-form details; empty when absent.
    public var metadata: JSONObject

    enum CodingKeys: String, CodingKey {
        case action
        case kind
        case uri
        case title
        case content
        case metadata
    }

    /// Creates the payload with the action of the event type.
    public init(
        kind: String,
        uri: String,
        title: String? = nil,
        content: String? = nil,
        metadata: JSONObject = JSONObject()
    ) {
        self.action = Action.action
        self.kind = kind
        self.uri = uri
        self.title = title
        self.content = content
        self.metadata = metadata
    }

    /// Decodes the payload, filling in the default of an absent `metadata`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        action = try container.decode(ArtifactChange.self, forKey: .action)
        kind = try container.decode(String.self, forKey: .kind)
        uri = try container.decode(String.self, forKey: .uri)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        metadata = try container.decodeIfPresent(JSONObject.self, forKey: .metadata) ?? JSONObject()
    }
}
