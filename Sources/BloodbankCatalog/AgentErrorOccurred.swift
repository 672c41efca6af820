public import Bloodbank

/// An agent hit an error.
///
/// Published by OpenClaw agents as `agent.<agent_name>.error`, with the agent's name as a
/// routing-key segment, so a consumer binds `agent.*.error` for every agent or
/// `agent.<name>.#` for one.
public struct AgentErrorOccurred: EventPayload, Hashable {
    /// The routing-key template `agent.{agent_name}.error`, filled from the payload when published.
    public static let eventType = "agent.{agent_name}.error"

    /// The agent's name, which is also a routing-key segment.
    public var agentName: String
    /// The kind of error.
    public var errorType: String
    /// A description of the error.
    public var errorMessage: String
    /// Free-form details, if any.
    public var context: JSONObject?

    enum CodingKeys: String, CodingKey {
        case agentName = "agent_name"
        case errorType = "error_type"
        case errorMessage = "error_message"
        case context
    }

    /// Creates the payload.
    public init(
        agentName: String,
        errorType: String,
        errorMessage: String,
        context: JSONObject? = nil
    ) {
        self.agentName = agentName
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.context = context
    }
}
