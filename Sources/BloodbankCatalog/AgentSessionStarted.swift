public import Bloodbank

/// An agent session began.
///
/// Published by OpenClaw agents as `agent.<agent_name>.session.started`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.session.started` for every agent or
/// `agent.<name>.#` for one.
public struct AgentSessionStarted: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.session.started`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.session.started"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The session.
    public var sessionKey: String
    /// The channel the session runs on, if any.
    public var channel: OpenClawChannel?
    /// The session's model, if chosen.
    public var model: String?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case sessionKey = "session_key"
        case channel
        case model
    }

    /// Creates the payload.
    public init(
        agentName: String,
        sessionKey: String,
        channel: OpenClawChannel? = nil,
        model: String? = nil
    ) {
        self.agentName = agentName
        self.sessionKey = sessionKey
        self.channel = channel
        self.model = model
    }
}
