public import Bloodbank

/// An agent finished a task.
///
/// Published by OpenClaw agents as `agent.<agent_name>.task.completed`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.task.completed` for every agent or
/// `agent.<name>.#` for one.
public struct AgentTaskCompleted: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.task.completed`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.task.completed"

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
    /// The origin of the task.
    public var taskType: TaskType
    /// Whether the task succeeded.
    public var success: Bool
    /// How long the task took in milliseconds, if reported.
    public var durationMs: Int?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case taskType = "task_type"
        case success
        case durationMs = "duration_ms"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        taskType: TaskType,
        success: Bool,
        durationMs: Int? = nil
    ) {
        self.agentName = agentName
        self.taskType = taskType
        self.success = success
        self.durationMs = durationMs
    }
}
