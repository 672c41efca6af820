public import Bloodbank

/// An agent called a tool.
///
/// Published by OpenClaw agents as `agent.<agent_name>.tool.invoked`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.tool.invoked` for every agent or
/// `agent.<name>.#` for one.
public struct AgentToolInvoked: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.tool.invoked`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.tool.invoked"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The tool called.
    public var toolName: String
    /// The start of the call's parameters, at most 200 characters.
    public var toolParamsPreview: String
    /// The session the call belongs to.
    public var sessionKey: String

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case toolName = "tool_name"
        case toolParamsPreview = "tool_params_preview"
        case sessionKey = "session_key"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        toolName: String,
        toolParamsPreview: String,
        sessionKey: String
    ) {
        self.agentName = agentName
        self.toolName = toolName
        self.toolParamsPreview = toolParamsPreview
        self.sessionKey = sessionKey
    }
}

extension AgentToolInvoked: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .toolParamsPreview: [.maxLength(200)],
    ])
}
