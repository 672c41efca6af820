public import Bloodbank

/// A coding agent's reasoning between actions.
public struct SessionThreadAgentThinking: EventPayload, Hashable {
    /// The event type `session.thread.agent.thinking`.
    public static let eventType = "session.thread.agent.thinking"

    /// The session.
    public var sessionID: String
    /// The thread within the session, if any.
    public var threadID: String?
    /// The reasoning text.
    public var thinkingText: String
    /// How long the model reasoned in milliseconds, if measured.
    public var thinkingDurationMs: Int?
    /// The turn, if counted.
    public var turnNumber: Int?
    /// The tool whose result prompted the reasoning, if any.
    public var triggeredByTool: String?

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case threadID = "thread_id"
        case thinkingText = "thinking_text"
        case thinkingDurationMs = "thinking_duration_ms"
        case turnNumber = "turn_number"
        case triggeredByTool = "triggered_by_tool"
    }

    /// Creates the payload.
    public init(
        sessionID: String,
        threadID: String? = nil,
        thinkingText: String,
        thinkingDurationMs: Int? = nil,
        turnNumber: Int? = nil,
        triggeredByTool: String? = nil
    ) {
        self.sessionID = sessionID
        self.threadID = threadID
        self.thinkingText = thinkingText
        self.thinkingDurationMs = thinkingDurationMs
        self.turnNumber = turnNumber
        self.triggeredByTool = triggeredByTool
    }
}
