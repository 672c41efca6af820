public import Bloodbank

/// A request for feedback on an agent's work, sent to a reviewer agent.
public struct AgentFeedbackRequested: EventPayload, Hashable {
    /// The event type `agent.feedback.requested`.
    public static let eventType = "agent.feedback.requested"

    /// The agent asking for feedback.
    public var agentID: String
    /// The work the agent wants feedback on.
    public var message: String
    /// The Letta agent that should respond, if one is chosen.
    public var lettaAgentID: String?
    /// Free-form context for the reviewer, if any.
    public var context: JSONObject?
    /// Free-form tags; empty when absent.
    public var tags: [String]

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case message
        case lettaAgentID = "letta_agent_id"
        case context
        case tags
    }

    /// Creates the payload.
    public init(
        agentID: String,
        message: String,
        lettaAgentID: String? = nil,
        context: JSONObject? = nil,
        tags: [String] = []
    ) {
        self.agentID = agentID
        self.message = message
        self.lettaAgentID = lettaAgentID
        self.context = context
        self.tags = tags
    }

    /// Decodes the payload, filling in the default of an absent `tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try container.decode(String.self, forKey: .agentID)
        message = try container.decode(String.self, forKey: .message)
        lettaAgentID = try container.decodeIfPresent(String.self, forKey: .lettaAgentID)
        context = try container.decodeIfPresent(JSONObject.self, forKey: .context)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }
}
