/// Details of the AI agent behind an event: the `agent_context` object of the envelope.
///
/// Producers set it when `source.type` is `agent`. Only ``type`` is required; every
/// other field may be null or absent on the wire and is written as null when nil.
public struct AgentContext: Sendable, Hashable {
    /// The kind of agent.
    public var type: AgentType
    /// The agent's persona or name.
    public var name: String?
    /// The agent's initial system prompt.
    public var systemPrompt: String?
    /// An identifier of the agent's session or process.
    public var instanceID: String?
    /// Names of the MCP servers connected to the agent.
    public var mcpServers: [String]?
    /// Paths of the files in the agent's context.
    public var fileReferences: [String]?
    /// URLs in the agent's context.
    public var urlReferences: [String]?
    /// A snapshot of the agent's git working state.
    public var codeState: CodeState?
    /// The checkpoint identifier of agents that work in checkpoints.
    public var checkpointID: String?
    /// Free-form context.
    public var meta: JSONObject?

    /// Creates an agent context.
    public init(
        type: AgentType,
        name: String? = nil,
        systemPrompt: String? = nil,
        instanceID: String? = nil,
        mcpServers: [String]? = nil,
        fileReferences: [String]? = nil,
        urlReferences: [String]? = nil,
        codeState: CodeState? = nil,
        checkpointID: String? = nil,
        meta: JSONObject? = nil
    ) {
        self.type = type
        self.name = name
        self.systemPrompt = systemPrompt
        self.instanceID = instanceID
        self.mcpServers = mcpServers
        self.fileReferences = fileReferences
        self.urlReferences = urlReferences
        self.codeState = codeState
        self.checkpointID = checkpointID
        self.meta = meta
    }
}

/// The git state of an agent's working copy: the `agent_context.code_state` object.
public struct CodeState: Sendable, Hashable {
    /// The repository URL.
    public var repoURL: String?
    /// The checked-out branch.
    public var branch: String?
    /// The unstaged changes as a diff.
    public var workingDiff: String?
    /// The diff of the branch against its base.
    public var branchDiff: String?
    /// The hash of the last commit.
    public var lastCommitHash: String?

    /// Creates a code state.
    public init(
        repoURL: String? = nil,
        branch: String? = nil,
        workingDiff: String? = nil,
        branchDiff: String? = nil,
        lastCommitHash: String? = nil
    ) {
        self.repoURL = repoURL
        self.branch = branch
        self.workingDiff = workingDiff
        self.branchDiff = branchDiff
        self.lastCommitHash = lastCommitHash
    }
}

/// The kind of agent in an ``AgentContext``: the `agent_context.type` field.
///
/// Values outside the contract are kept in ``other(_:)`` so that a relayed envelope
/// carries them unchanged.
public enum AgentType: Sendable, Hashable {
    /// Claude Code, wire value `claude-code`.
    case claudeCode
    /// Claude in a chat interface, wire value `claude-chat`.
    case claudeChat
    /// Gemini CLI, wire value `gemini-cli`.
    case geminiCLI
    /// Gemini Code Assist, wire value `gemini-code`.
    case geminiCode
    /// A Letta agent, wire value `letta`.
    case letta
    /// An Agno agent, wire value `agno`.
    case agno
    /// A smolagents agent, wire value `smolagent`.
    case smolagent
    /// An Atomic Agents agent, wire value `atomic-agent`.
    case atomicAgent
    /// Any other agent the producer labels as custom, wire value `custom`.
    case custom
    /// A value outside the contract, kept verbatim.
    case other(String)

    /// Creates the agent type for a wire value; unknown values become ``other(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "claude-code": self = .claudeCode
        case "claude-chat": self = .claudeChat
        case "gemini-cli": self = .geminiCLI
        case "gemini-code": self = .geminiCode
        case "letta": self = .letta
        case "agno": self = .agno
        case "smolagent": self = .smolagent
        case "atomic-agent": self = .atomicAgent
        case "custom": self = .custom
        default: self = .other(rawValue)
        }
    }

    /// The wire value, such as `claude-code`.
    public var rawValue: String {
        switch self {
        case .claudeCode: return "claude-code"
        case .claudeChat: return "claude-chat"
        case .geminiCLI: return "gemini-cli"
        case .geminiCode: return "gemini-code"
        case .letta: return "letta"
        case .agno: return "agno"
        case .smolagent: return "smolagent"
        case .atomicAgent: return "atomic-agent"
        case .custom: return "custom"
        case .other(let value): return value
        }
    }
}
