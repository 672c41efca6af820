public import Bloodbank

/// An agent started a subagent for part of its task.
///
/// Published by OpenClaw agents as `agent.<agent_name>.subagent.spawned`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.subagent.spawned` for every agent or
/// `agent.<name>.#` for one.
public struct AgentSubagentSpawned: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.subagent.spawned`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.subagent.spawned"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The subagent's label.
    public var childLabel: String
    /// The subagent's session.
    public var childSessionKey: String
    /// The start of the subagent's task, at most 200 characters.
    public var taskPreview: String
    /// The subagent's model, if chosen.
    public var model: String?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case childLabel = "child_label"
        case childSessionKey = "child_session_key"
        case taskPreview = "task_preview"
        case model
    }

    /// Creates the payload.
    public init(
        agentName: String,
        childLabel: String,
        childSessionKey: String,
        taskPreview: String,
        model: String? = nil
    ) {
        self.agentName = agentName
        self.childLabel = childLabel
        self.childSessionKey = childSessionKey
        self.taskPreview = taskPreview
        self.model = model
    }
}

extension AgentSubagentSpawned: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .taskPreview: [.maxLength(200)],
    ])
}
