public import Bloodbank

/// An agent's periodic sign of life.
///
/// Published by OpenClaw agents as `agent.<agent_name>.heartbeat`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.heartbeat` for every agent or
/// `agent.<name>.#` for one.
public struct AgentHeartbeat: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.heartbeat`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.heartbeat"

    /// An agent's health.
    public enum Status: String, Codable, Sendable, Hashable, CaseIterable {
        /// Healthy and idle or working normally.
        case ok
        /// Healthy but at capacity.
        case busy
        /// Failing.
        case error
        /// Working with reduced function.
        case degraded
    }

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The agent's health.
    public var status: Status
    /// How many sessions are open, if reported.
    public var activeSessions: Int?
    /// How long the agent has run in milliseconds, if reported.
    public var uptimeMs: Int?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case status
        case activeSessions = "active_sessions"
        case uptimeMs = "uptime_ms"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        status: Status,
        activeSessions: Int? = nil,
        uptimeMs: Int? = nil
    ) {
        self.agentName = agentName
        self.status = status
        self.activeSessions = activeSessions
        self.uptimeMs = uptimeMs
    }
}
