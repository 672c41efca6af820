public import Bloodbank

/// A message reached an agent.
///
/// Published by OpenClaw agents as `agent.<agent_name>.message.received`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.message.received` for every agent or
/// `agent.<name>.#` for one.
public struct AgentMessageReceived: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.message.received`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.message.received"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The channel the message came through.
    public var channel: OpenClawChannel
    /// The sender of the message.
    public var sender: String
    /// The start of the message, at most 200 characters.
    public var messagePreview: String
    /// The full length of the message in characters.
    public var messageLength: Int
    /// The session the message belongs to.
    public var sessionKey: String

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case channel
        case sender
        case messagePreview = "message_preview"
        case messageLength = "message_length"
        case sessionKey = "session_key"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        channel: OpenClawChannel,
        sender: String,
        messagePreview: String,
        messageLength: Int,
        sessionKey: String
    ) {
        self.agentName = agentName
        self.channel = channel
        self.sender = sender
        self.messagePreview = messagePreview
        self.messageLength = messageLength
        self.sessionKey = sessionKey
    }
}

extension AgentMessageReceived: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .messagePreview: [.maxLength(200)],
    ])
}
