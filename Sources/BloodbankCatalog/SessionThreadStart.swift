#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A coding-agent session started.
public struct SessionThreadStart: EventPayload, Hashable {
    /// The event type `session.thread.start`.
    public static let eventType = "session.thread.start"

    /// The session.
    public var sessionID: String
    /// The thread within the session, if any.
    public var threadID: String?
    /// The directory the agent works in.
    public var workingDirectory: String
    /// The checked-out branch, if in a git repository.
    public var gitBranch: String?
    /// The repository's remote URL, if any.
    public var gitRemote: String?
    /// The model the session runs on.
    public var model: String
    /// The user's first prompt, if given.
    public var userPrompt: String?
    /// Files loaded into the context; empty when absent.
    public var contextFiles: [String]
    /// The MCP servers available; empty when absent.
    public var mcpServers: [String]
    /// When the session started.
    public var startedAt: Date

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case threadID = "thread_id"
        case workingDirectory = "working_directory"
        case gitBranch = "git_branch"
        case gitRemote = "git_remote"
        case model
        case userPrompt = "user_prompt"
        case contextFiles = "context_files"
        case mcpServers = "mcp_servers"
        case startedAt = "started_at"
    }

    /// Creates the payload.
    public init(
        sessionID: String,
        threadID: String? = nil,
        workingDirectory: String,
        gitBranch: String? = nil,
        gitRemote: String? = nil,
        model: String,
        userPrompt: String? = nil,
        contextFiles: [String] = [],
        mcpServers: [String] = [],
        startedAt: Date
    ) {
        self.sessionID = sessionID
        self.threadID = threadID
        self.workingDirectory = workingDirectory
        self.gitBranch = gitBranch
        self.gitRemote = gitRemote
        self.model = model
        self.userPrompt = userPrompt
        self.contextFiles = contextFiles
        self.mcpServers = mcpServers
        self.startedAt = startedAt
    }

    /// Decodes the payload, filling in the defaults of absent fields `context_files`, `mcp_servers`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
        workingDirectory = try container.decode(String.self, forKey: .workingDirectory)
        gitBranch = try container.decodeIfPresent(String.self, forKey: .gitBranch)
        gitRemote = try container.decodeIfPresent(String.self, forKey: .gitRemote)
        model = try container.decode(String.self, forKey: .model)
        userPrompt = try container.decodeIfPresent(String.self, forKey: .userPrompt)
        contextFiles = try container.decodeIfPresent([String].self, forKey: .contextFiles) ?? []
        mcpServers = try container.decodeIfPresent([String].self, forKey: .mcpServers) ?? []
        startedAt = try container.decode(Date.self, forKey: .startedAt)
    }
}
