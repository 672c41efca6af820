public import Bloodbank

/// The response to an `agent.feedback.requested` event.
///
/// Its name is a legacy name: a noun rather than a past-tense action.
public struct AgentFeedbackResponse: EventPayload, Hashable {
    /// The event type `agent.feedback.response`.
    public static let eventType = "agent.feedback.response"
    /// True: the Python peers publish it under this name, which is not past tense.
    public static let isLegacyName = true

    /// Whether the feedback could be produced.
    public enum Status: String, Codable, Sendable, Hashable, CaseIterable {
        /// The response contains feedback.
        case ok
        /// Producing feedback failed; see the error message.
        case error
    }

    /// The agent that asked for feedback.
    public var agentID: String
    /// The Letta agent that responded, if any.
    public var lettaAgentID: String?
    /// The feedback; empty when absent.
    public var response: String
    /// Whether feedback was produced; `ok` when absent.
    public var status: Status
    /// The reason producing feedback failed, if it did.
    public var errorMessage: String?
    /// Free-form details; empty when absent.
    public var metadata: JSONObject

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case lettaAgentID = "letta_agent_id"
        case response
        case status
        case errorMessage = "error_message"
        case metadata
    }

    /// Creates the payload.
    public init(
        agentID: String,
        lettaAgentID: String? = nil,
        response: String = "",
        status: Status = .ok,
        errorMessage: String? = nil,
        metadata: JSONObject = JSONObject()
    ) {
        self.agentID = agentID
        self.lettaAgentID = lettaAgentID
        self.response = response
        self.status = status
        self.errorMessage = errorMessage
        self.metadata = metadata
    }

    /// Decodes the payload, filling in the defaults of absent fields `response`, `status`, `metadata`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try container.decode(String.self, forKey: .agentID)
        lettaAgentID = try container.decodeIfPresent(String.self, forKey: .lettaAgentID)
        response = try container.decodeIfPresent(String.self, forKey: .response) ?? ""
        status = try container.decodeIfPresent(Status.self, forKey: .status) ?? .ok
        errorMessage = try container.decodeIfPresent(String.self, forKey: .errorMessage)
        metadata = try container.decodeIfPresent(JSONObject.self, forKey: .metadata) ?? JSONObject()
    }
}
