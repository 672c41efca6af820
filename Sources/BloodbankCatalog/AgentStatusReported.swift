public import Bloodbank

/// An agent's periodic status: activity and context-window use.
///
/// Published as `agent.<name>.status`, with the name from the `agent` field.
public struct AgentStatusReported: EventPayload, Hashable {
    /// The routing-key template `agent.{agent}.status`, filled from the payload when published.
    public static let eventType = "agent.{agent}.status"

    /// Whether the agent is working.
    public enum Status: String, Codable, Sendable, Hashable, CaseIterable {
        /// The agent is working on something.
        case active
        /// The agent is waiting.
        case idle
    }

    /// The agent's name, which is also a routing-key segment.
    public var agent: String
    /// Whether the agent is working.
    public var status: Status
    /// The tokens in the agent's context window.
    public var tokens: Int
    /// The size of the context window in tokens.
    public var contextMax: Int
    /// The fill level of the context window, in percent.
    public var contextPct: Double
    /// The model the agent runs on.
    public var model: String
    /// When the status was checked, as the publisher formats it.
    public var checkTime: String

    enum CodingKeys: String, CodingKey {
        case agent
        case status
        case tokens
        case contextMax = "context_max"
        case contextPct = "context_pct"
        case model
        case checkTime = "check_time"
    }

    /// Creates the payload.
    public init(
        agent: String,
        status: Status,
        tokens: Int,
        contextMax: Int,
        contextPct: Double,
        model: String,
        checkTime: String
    ) {
        self.agent = agent
        self.status = status
        self.tokens = tokens
        self.contextMax = contextMax
        self.contextPct = contextPct
        self.model = model
        self.checkTime = checkTime
    }
}
