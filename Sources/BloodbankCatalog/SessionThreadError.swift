public import Bloodbank

/// An error in a coding-agent session.
public struct SessionThreadError: EventPayload, Hashable {
    /// The event type `session.thread.error`.
    public static let eventType = "session.thread.error"

    /// The session.
    public var sessionID: String
    /// The thread within the session, if any.
    public var threadID: String?
    /// The kind of error.
    public var errorType: String
    /// A description of the error.
    public var errorMessage: String
    /// The stack trace, if any.
    public var stackTrace: String?
    /// The tool that failed, if any.
    public var toolName: String?
    /// Whether the session can go on; false when absent.
    public var recoverable: Bool
    /// The turn of the error, if counted.
    public var turnNumber: Int?

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case threadID = "thread_id"
        case errorType = "error_type"
        case errorMessage = "error_message"
        case stackTrace = "stack_trace"
        case toolName = "tool_name"
        case recoverable
        case turnNumber = "turn_number"
    }

    /// Creates the payload.
    public init(
        sessionID: String,
        threadID: String? = nil,
        errorType: String,
        errorMessage: String,
        stackTrace: String? = nil,
        toolName: String? = nil,
        recoverable: Bool = false,
        turnNumber: Int? = nil
    ) {
        self.sessionID = sessionID
        self.threadID = threadID
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
        self.toolName = toolName
        self.recoverable = recoverable
        self.turnNumber = turnNumber
    }

    /// Decodes the payload, filling in the default of an absent `recoverable`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
        errorType = try container.decode(String.self, forKey: .errorType)
        errorMessage = try container.decode(String.self, forKey: .errorMessage)
        stackTrace = try container.decodeIfPresent(String.self, forKey: .stackTrace)
        toolName = try container.decodeIfPresent(String.self, forKey: .toolName)
        recoverable = try container.decodeIfPresent(Bool.self, forKey: .recoverable) ?? false
        turnNumber = try container.decodeIfPresent(Int.self, forKey: .turnNumber)
    }
}
