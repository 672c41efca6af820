public import Bloodbank

/// A tool call made by a coding agent, with the state of its workspace.
public struct SessionThreadAgentAction: EventPayload, Hashable {
    /// The event type `session.thread.agent.action`.
    public static let eventType = "session.thread.agent.action"

    /// The details of a tool call.
    public struct ToolMetadata: Codable, Sendable, Hashable {
        /// The tool called.
        public var toolName: String
        /// The call's input.
        public var toolInput: JSONObject
        /// How long the call took in milliseconds, if measured.
        public var executionTimeMs: Int?
        /// Whether the call succeeded; true when absent.
        public var success: Bool
        /// The reason the call failed, if it did.
        public var errorMessage: String?
        /// The start of the output, at most 500 characters, if any.
        public var outputPreview: String?

        enum CodingKeys: String, CodingKey {
            case toolName = "tool_name"
            case toolInput = "tool_input"
            case executionTimeMs = "execution_time_ms"
            case success
            case errorMessage = "error_message"
            case outputPreview = "output_preview"
        }

        /// Creates tool metadata.
        public init(
            toolName: String,
            toolInput: JSONObject,
            executionTimeMs: Int? = nil,
            success: Bool = true,
            errorMessage: String? = nil,
            outputPreview: String? = nil
        ) {
            self.toolName = toolName
            self.toolInput = toolInput
            self.executionTimeMs = executionTimeMs
            self.success = success
            self.errorMessage = errorMessage
            self.outputPreview = outputPreview
        }

        /// Decodes the payload, filling in the default of an absent `success`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            toolName = try container.decode(String.self, forKey: .toolName)
            toolInput = try container.decode(JSONObject.self, forKey: .toolInput)
            executionTimeMs = try container.decodeIfPresent(Int.self, forKey: .executionTimeMs)
            success = try container.decodeIfPresent(Bool.self, forKey: .success) ?? true
            errorMessage = try container.decodeIfPresent(String.self, forKey: .errorMessage)
            outputPreview = try container.decodeIfPresent(String.self, forKey: .outputPreview)
        }
    }

    /// The session.
    public var sessionID: String
    /// The thread within the session, if any.
    public var threadID: String?
    /// The conversation, if the client tracks one.
    public var conversationID: String?
    /// The details of the tool call.
    public var toolMetadata: ToolMetadata
    /// The directory the agent works in, if reported.
    public var workingDirectory: String?
    /// The checked-out branch, if reported.
    public var gitBranch: String?
    /// The output of `git status`, if reported.
    public var gitStatus: String?
    /// Files in the agent's context; empty when absent.
    public var filesInContext: [String]
    /// The turn of the call, if counted.
    public var turnNumber: Int?
    /// The model that made the call, if reported.
    public var model: String?
    /// Free-form tags; empty when absent.
    public var tags: [String]

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case threadID = "thread_id"
        case conversationID = "conversation_id"
        case toolMetadata = "tool_metadata"
        case workingDirectory = "working_directory"
        case gitBranch = "git_branch"
        case gitStatus = "git_status"
        case filesInContext = "files_in_context"
        case turnNumber = "turn_number"
        case model
        case tags
    }

    /// Creates the payload.
    public init(
        sessionID: String,
        threadID: String? = nil,
        conversationID: String? = nil,
        toolMetadata: ToolMetadata,
        workingDirectory: String? = nil,
        gitBranch: String? = nil,
        gitStatus: String? = nil,
        filesInContext: [String] = [],
        turnNumber: Int? = nil,
        model: String? = nil,
        tags: [String] = []
    ) {
        self.sessionID = sessionID
        self.threadID = threadID
        self.conversationID = conversationID
        self.toolMetadata = toolMetadata
        self.workingDirectory = workingDirectory
        self.gitBranch = gitBranch
        self.gitStatus = gitStatus
        self.filesInContext = filesInContext
        self.turnNumber = turnNumber
        self.model = model
        self.tags = tags
    }

    /// Decodes the payload, filling in the defaults of absent fields `files_in_context`, `tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
        conversationID = try container.decodeIfPresent(String.self, forKey: .conversationID)
        toolMetadata = try container.decode(ToolMetadata.self, forKey: .toolMetadata)
        workingDirectory = try container.decodeIfPresent(String.self, forKey: .workingDirectory)
        gitBranch = try container.decodeIfPresent(String.self, forKey: .gitBranch)
        gitStatus = try container.decodeIfPresent(String.self, forKey: .gitStatus)
        filesInContext = try container.decodeIfPresent([String].self, forKey: .filesInContext) ?? []
        turnNumber = try container.decodeIfPresent(Int.self, forKey: .turnNumber)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }
}

extension SessionThreadAgentAction.ToolMetadata: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .outputPreview: [.maxLength(500)],
    ])
}
