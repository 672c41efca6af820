public import Bloodbank

/// A task was assigned to an agent.
///
/// Published by OpenClaw agents as `agent.<agent_name>.task.assigned`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.task.assigned` for every agent or
/// `agent.<name>.#` for one.
public struct AgentTaskAssigned: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.task.assigned`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.task.assigned"

    /// The origin of a task.
    public enum TaskType: String, Codable, Sendable, Hashable, CaseIterable {
        /// A ticket in a tracker.
        case ticket
        /// A chat message.
        case message
        /// A scheduled job.
        case cron
    }

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The person or service that assigned the task.
    public var source: String
    /// The origin of the task.
    public var taskType: TaskType
    /// The start of the task, at most 200 characters.
    public var taskPreview: String

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case source
        case taskType = "task_type"
        case taskPreview = "task_preview"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        source: String,
        taskType: TaskType,
        taskPreview: String
    ) {
        self.agentName = agentName
        self.source = source
        self.taskType = taskType
        self.taskPreview = taskPreview
    }
}

extension AgentTaskAssigned: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .taskPreview: [.maxLength(200)],
    ])
}
