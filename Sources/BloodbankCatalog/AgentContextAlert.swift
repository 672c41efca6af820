public import Bloodbank

/// The fill level of an agent's context window, which selects the event type of an
/// ``AgentContextAlert``.
public protocol AgentContextLevel: Sendable {
    /// The last segment of the event type, `warning` or `critical`.
    static var segment: String { get }
}

/// The `warning` level, for `agent.<name>.context.warning`.
public enum AgentContextWarningLevel: AgentContextLevel {
    /// `warning`.
    public static let segment = "warning"
}

/// The `critical` level, for `agent.<name>.context.critical`.
public enum AgentContextCriticalLevel: AgentContextLevel {
    /// `critical`.
    public static let segment = "critical"
}

/// An agent's context window is filling up: `agent.<name>.context.<level>`.
///
/// Published with the agent's name from the `agent` field as a routing-key segment,
/// so a consumer binds `agent.*.context.critical` for every agent. Both levels share
/// one payload shape, so the level type selects the name.
public struct AgentContextAlert<Level: AgentContextLevel>: EventPayload, Hashable {
    /// The routing-key template, `agent.{agent}.context.warning` or
    /// `agent.{agent}.context.critical`.
    public static var eventType: String { "agent.{agent}.context." + Level.segment }

    /// The agent's name, which is also a routing-key segment.
    public var agent: String
    /// The fill level of the context window, in percent.
    public var contextPct: Double
    /// The tokens in the context window.
    public var tokens: Int
    /// The size of the context window in tokens.
    public var contextMax: Int
    /// The model the agent runs on.
    public var model: String
    /// The severity as the publisher names it, such as `warning`.
    public var severity: String
    /// A message for the operator.
    public var message: String
    /// When the context was checked, as the publisher formats it.
    public var checkTime: String

    enum CodingKeys: String, CodingKey {
        case agent
        case contextPct = "context_pct"
        case tokens
        case contextMax = "context_max"
        case model
        case severity
        case message
        case checkTime = "check_time"
    }

    /// Creates the payload.
    public init(
        agent: String,
        contextPct: Double,
        tokens: Int,
        contextMax: Int,
        model: String,
        severity: String,
        message: String,
        checkTime: String
    ) {
        self.agent = agent
        self.contextPct = contextPct
        self.tokens = tokens
        self.contextMax = contextMax
        self.model = model
        self.severity = severity
        self.message = message
        self.checkTime = checkTime
    }
}

/// An agent's context window passed the warning level, `agent.<name>.context.warning`.
public typealias AgentContextWarning = AgentContextAlert<AgentContextWarningLevel>
/// An agent's context window passed the critical level, `agent.<name>.context.critical`.
public typealias AgentContextCritical = AgentContextAlert<AgentContextCriticalLevel>
