public import Bloodbank

/// An agent session ended.
///
/// Published by OpenClaw agents as `agent.<agent_name>.session.ended`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.session.ended` for every agent or
/// `agent.<name>.#` for one.
public struct AgentSessionEnded: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.session.ended`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.session.ended"

    /// The reason a session ended.
    public enum Reason: String, Codable, Sendable, Hashable, CaseIterable {
        /// It was idle too long.
        case timeout
        /// Its work was done.
        case completion
        /// An error stopped it.
        case error
    }

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The session.
    public var sessionKey: String
    /// The reason the session ended, if known.
    public var reason: Reason?
    /// How long the session lasted in milliseconds, if reported.
    public var durationMs: Int?
    /// How many messages the session had, if counted.
    public var totalMessages: Int?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case sessionKey = "session_key"
        case reason
        case durationMs = "duration_ms"
        case totalMessages = "total_messages"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        sessionKey: String,
        reason: Reason? = nil,
        durationMs: Int? = nil,
        totalMessages: Int? = nil
    ) {
        self.agentName = agentName
        self.sessionKey = sessionKey
        self.reason = reason
        self.durationMs = durationMs
        self.totalMessages = totalMessages
    }
}
