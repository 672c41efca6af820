public import Bloodbank

/// An agent sent a message.
///
/// Published by OpenClaw agents as `agent.<agent_name>.message.sent`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.message.sent` for every agent or
/// `agent.<name>.#` for one.
public struct AgentMessageSent: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.message.sent`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.message.sent"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The channel the message went out on.
    public var channel: OpenClawChannel
    /// The start of the message, at most 200 characters.
    public var messagePreview: String
    /// The full length of the message in characters.
    public var messageLength: Int
    /// The model that wrote the message, if reported.
    public var model: String?
    /// The tokens used to write it, if reported.
    public var tokensUsed: Int?
    /// How long writing it took in milliseconds, if reported.
    public var durationMs: Int?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case channel
        case messagePreview = "message_preview"
        case messageLength = "message_length"
        case model
        case tokensUsed = "tokens_used"
        case durationMs = "duration_ms"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        channel: OpenClawChannel,
        messagePreview: String,
        messageLength: Int,
        model: String? = nil,
        tokensUsed: Int? = nil,
        durationMs: Int? = nil
    ) {
        self.agentName = agentName
        self.channel = channel
        self.messagePreview = messagePreview
        self.messageLength = messageLength
        self.model = model
        self.tokensUsed = tokensUsed
        self.durationMs = durationMs
    }
}

extension AgentMessageSent: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .messagePreview: [.maxLength(200)],
    ])
}
