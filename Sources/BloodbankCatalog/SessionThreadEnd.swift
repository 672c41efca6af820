public import Bloodbank

/// A coding-agent session ended, with its totals.
public struct SessionThreadEnd: EventPayload, Hashable {
    /// The event type `session.thread.end`.
    public static let eventType = "session.thread.end"

    /// The reason a session ended.
    public enum EndReason: String, Codable, Sendable, Hashable, CaseIterable {
        /// The user stopped it.
        case userStop = "user_stop"
        /// It was idle too long.
        case timeout
        /// An error stopped it.
        case error
        /// Its work was done.
        case completion
        /// It paused for the user's input.
        case waitingForInput = "waiting_for_input"
    }

    /// The outcome of a session's work.
    public enum FinalStatus: String, Codable, Sendable, Hashable, CaseIterable {
        /// The work was done.
        case success
        /// The work failed.
        case error
        /// Part of the work was done.
        case partial
        /// The work was given up.
        case abandoned
    }

    /// The session.
    public var sessionID: String
    /// The thread within the session, if any.
    public var threadID: String?
    /// The reason the session ended.
    public var endReason: EndReason
    /// How long the session lasted in seconds, if measured.
    public var durationSeconds: Double?
    /// How many turns the session had; 0 when absent.
    public var totalTurns: Int
    /// The tokens the session used, if counted.
    public var totalTokens: Int?
    /// The session's cost in US dollars, if known.
    public var totalCostUSD: Double?
    /// How often each tool was called, by tool name; empty when absent.
    public var toolsUsed: [String: Int]
    /// The files the session changed; empty when absent.
    public var filesModified: [String]
    /// The commits the session made; empty when absent.
    public var gitCommits: [String]
    /// The outcome of the work.
    public var finalStatus: FinalStatus
    /// A summary of the session, if written.
    public var summary: String?
    /// The directory the agent worked in, if reported.
    public var workingDirectory: String?
    /// The checked-out branch, if reported.
    public var gitBranch: String?

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case threadID = "thread_id"
        case endReason = "end_reason"
        case durationSeconds = "duration_seconds"
        case totalTurns = "total_turns"
        case totalTokens = "total_tokens"
        case totalCostUSD = "total_cost_usd"
        case toolsUsed = "tools_used"
        case filesModified = "files_modified"
        case gitCommits = "git_commits"
        case finalStatus = "final_status"
        case summary
        case workingDirectory = "working_directory"
        case gitBranch = "git_branch"
    }

    /// Creates the payload.
    public init(
        sessionID: String,
        threadID: String? = nil,
        endReason: EndReason,
        durationSeconds: Double? = nil,
        totalTurns: Int = 0,
        totalTokens: Int? = nil,
        totalCostUSD: Double? = nil,
        toolsUsed: [String: Int] = [:],
        filesModified: [String] = [],
        gitCommits: [String] = [],
        finalStatus: FinalStatus,
        summary: String? = nil,
        workingDirectory: String? = nil,
        gitBranch: String? = nil
    ) {
        self.sessionID = sessionID
        self.threadID = threadID
        self.endReason = endReason
        self.durationSeconds = durationSeconds
        self.totalTurns = totalTurns
        self.totalTokens = totalTokens
        self.totalCostUSD = totalCostUSD
        self.toolsUsed = toolsUsed
        self.filesModified = filesModified
        self.gitCommits = gitCommits
        self.finalStatus = finalStatus
        self.summary = summary
        self.workingDirectory = workingDirectory
        self.gitBranch = gitBranch
    }

    /// Decodes the payload, filling in the defaults of absent fields `total_turns`, `tools_used`, `files_modified`, `git_commits`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
        endReason = try container.decode(EndReason.self, forKey: .endReason)
        durationSeconds = try container.decodeIfPresent(Double.self, forKey: .durationSeconds)
        totalTurns = try container.decodeIfPresent(Int.self, forKey: .totalTurns) ?? 0
        totalTokens = try container.decodeIfPresent(Int.self, forKey: .totalTokens)
        totalCostUSD = try container.decodeIfPresent(Double.self, forKey: .totalCostUSD)
        toolsUsed = try container.decodeIfPresent([String: Int].self, forKey: .toolsUsed) ?? [:]
        filesModified = try container.decodeIfPresent([String].self, forKey: .filesModified) ?? []
        gitCommits = try container.decodeIfPresent([String].self, forKey: .gitCommits) ?? []
        finalStatus = try container.decode(FinalStatus.self, forKey: .finalStatus)
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        workingDirectory = try container.decodeIfPresent(String.self, forKey: .workingDirectory)
        gitBranch = try container.decodeIfPresent(String.self, forKey: .gitBranch)
    }
}
