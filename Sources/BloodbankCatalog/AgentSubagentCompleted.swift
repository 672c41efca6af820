public import Bloodbank

/// A subagent finished.
///
/// Published by OpenClaw agents as `agent.<agent_name>.subagent.completed`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.subagent.completed` for every agent or
/// `agent.<name>.#` for one.
public struct AgentSubagentCompleted: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.subagent.completed`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.subagent.completed"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The subagent's label.
    public var childLabel: String
    /// The subagent's session.
    public var childSessionKey: String
    /// Whether the subagent succeeded.
    public var success: Bool
    /// How long it ran in milliseconds, if reported.
    public var durationMs: Int?
    /// The start of its result, at most 200 characters, if any.
    public var resultPreview: String?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case childLabel = "child_label"
        case childSessionKey = "child_session_key"
        case success
        case durationMs = "duration_ms"
        case resultPreview = "result_preview"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        childLabel: String,
        childSessionKey: String,
        success: Bool,
        durationMs: Int? = nil,
        resultPreview: String? = nil
    ) {
        self.agentName = agentName
        self.childLabel = childLabel
        self.childSessionKey = childSessionKey
        self.success = success
        self.durationMs = durationMs
        self.resultPreview = resultPreview
    }
}

extension AgentSubagentCompleted: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .resultPreview: [.maxLength(200)],
    ])
}
