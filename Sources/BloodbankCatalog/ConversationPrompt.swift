public import Bloodbank

/// A prompt sent to an LLM or agent thread: `<prefix>.prompt`.
///
/// Analytics, logging and prompt caching consume it. Its name is a legacy name under
/// both prefixes: it reads as a command rather than a past-tense event, and the Python
/// peers already publish it under this name.
public struct ConversationPrompt<Channel: ConversationChannel>: EventPayload, Hashable {
    /// The event type, `agent.thread.prompt` or `llm.prompt`.
    public static var eventType: String { Channel.prefix + ".prompt" }
    /// True under both prefixes.
    public static var isLegacyName: Bool { true }

    /// The model provider, such as `anthropic`, `openai` or `google`.
    public var provider: String
    /// The model name, such as `claude-sonnet-4`, if chosen.
    public var model: String?
    /// The prompt text.
    public var prompt: String
    /// The name of the git project the prompt concerns, if any.
    public var project: String?
    /// The working directory of the caller, if any.
    public var workingDir: String?
    /// The subject area of the prompt, if tagged.
    public var domain: String?
    /// Free-form tags; empty when absent.
    public var tags: [String]

    enum CodingKeys: String, CodingKey {
        case provider
        case model
        case prompt
        case project
        case workingDir = "working_dir"
        case domain
        case tags
    }

    /// Creates a prompt.
    public init(
        provider: String,
        model: String? = nil,
        prompt: String,
        project: String? = nil,
        workingDir: String? = nil,
        domain: String? = nil,
        tags: [String] = []
    ) {
        self.provider = provider
        self.model = model
        self.prompt = prompt
        self.project = project
        self.workingDir = workingDir
        self.domain = domain
        self.tags = tags
    }

    /// Decodes the payload, defaulting `tags` to an empty array.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        provider = try container.decode(String.self, forKey: .provider)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        prompt = try container.decode(String.self, forKey: .prompt)
        project = try container.decodeIfPresent(String.self, forKey: .project)
        workingDir = try container.decodeIfPresent(String.self, forKey: .workingDir)
        domain = try container.decodeIfPresent(String.self, forKey: .domain)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }
}
