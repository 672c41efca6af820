public import Bloodbank

/// A tool call of an agent finished.
///
/// Published by OpenClaw agents as `agent.<agent_name>.tool.completed`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.tool.completed` for every agent or
/// `agent.<name>.#` for one.
public struct AgentToolCompleted: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.tool.completed`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.tool.completed"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The tool called.
    public var toolName: String
    /// Whether the call succeeded.
    public var success: Bool
    /// How long the call took in milliseconds, if reported.
    public var durationMs: Int?
    /// The start of the tool's output, at most 200 characters, if any.
    public var outputPreview: String?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case toolName = "tool_name"
        case success
        case durationMs = "duration_ms"
        case outputPreview = "output_preview"
    }

    /// Creates the payload.
    public init(
        agentName: String,
        toolName: String,
        success: Bool,
        durationMs: Int? = nil,
        outputPreview: String? = nil
    ) {
        self.agentName = agentName
        self.toolName = toolName
        self.success = success
        self.durationMs = durationMs
        self.outputPreview = outputPreview
    }
}

extension AgentToolCompleted: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .outputPreview: [.maxLength(200)],
    ])
}
