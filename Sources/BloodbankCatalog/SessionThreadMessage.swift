public import Bloodbank

/// A message in a coding-agent session, from the user or the assistant.
public struct SessionThreadMessage: EventPayload, Hashable {
    /// The event type `session.thread.message`.
    public static let eventType = "session.thread.message"

    /// The author of a message.
    public enum Role: String, Codable, Sendable, Hashable, CaseIterable {
        /// The user.
        case user
        /// The agent.
        case assistant
    }

    /// The session.
    public var sessionID: String
    /// The thread within the session, if any.
    public var threadID: String?
    /// The author of the message.
    public var role: Role
    /// The message text.
    public var content: String
    /// The turn the message belongs to.
    public var turnNumber: Int
    /// The message's tokens, if counted.
    public var tokens: Int?
    /// The model that wrote it, for assistant messages.
    public var model: String?
    /// Whether the content includes the model's thinking; false when absent.
    public var thinkingIncluded: Bool
    /// The tools the message called; empty when absent.
    public var toolCalls: [String]

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case threadID = "thread_id"
        case role
        case content
        case turnNumber = "turn_number"
        case tokens
        case model
        case thinkingIncluded = "thinking_included"
        case toolCalls = "tool_calls"
    }

    /// Creates the payload.
    public init(
        sessionID: String,
        threadID: String? = nil,
        role: Role,
        content: String,
        turnNumber: Int,
        tokens: Int? = nil,
        model: String? = nil,
        thinkingIncluded: Bool = false,
        toolCalls: [String] = []
    ) {
        self.sessionID = sessionID
        self.threadID = threadID
        self.role = role
        self.content = content
        self.turnNumber = turnNumber
        self.tokens = tokens
        self.model = model
        self.thinkingIncluded = thinkingIncluded
        self.toolCalls = toolCalls
    }

    /// Decodes the payload, filling in the defaults of absent fields `thinking_included`, `tool_calls`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decode(String.self, forKey: .content)
        turnNumber = try container.decode(Int.self, forKey: .turnNumber)
        tokens = try container.decodeIfPresent(Int.self, forKey: .tokens)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        thinkingIncluded = try container.decodeIfPresent(Bool.self, forKey: .thinkingIncluded) ?? false
        toolCalls = try container.decodeIfPresent([String].self, forKey: .toolCalls) ?? []
    }
}
