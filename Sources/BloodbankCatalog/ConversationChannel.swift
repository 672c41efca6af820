/// The routing-key prefix under which an LLM conversation is published.
///
/// The same three payloads (prompt, response, error) are published under two
/// prefixes: `agent.thread` by agent threads and `llm` by older producers. A channel
/// type selects the prefix, so each payload shape is written once.
public protocol ConversationChannel: Sendable {
    /// The routing-key prefix, such as `agent.thread`.
    static var prefix: String { get }

    /// Whether every name under the prefix predates the naming rule. The `llm.*` names
    /// have two segments instead of the required three.
    static var isLegacyPrefix: Bool { get }
}

/// The `agent.thread` channel, used by agent threads.
public enum AgentThreadChannel: ConversationChannel {
    /// The prefix `agent.thread`.
    public static let prefix = "agent.thread"
    /// False: `agent.thread.response` and `agent.thread.error` follow the rule.
    public static let isLegacyPrefix = false
}

/// The `llm` channel, used by older producers.
public enum LLMChannel: ConversationChannel {
    /// The prefix `llm`.
    public static let prefix = "llm"
    /// True: two-segment names such as `llm.prompt` predate the rule.
    public static let isLegacyPrefix = true
}

/// A prompt sent to an agent thread, `agent.thread.prompt`.
public typealias AgentThreadPrompt = ConversationPrompt<AgentThreadChannel>
/// An agent thread's response to a prompt, `agent.thread.response`.
public typealias AgentThreadResponse = ConversationResponse<AgentThreadChannel>
/// A failed agent thread call, `agent.thread.error`.
public typealias AgentThreadError = ConversationFailure<AgentThreadChannel>
/// A prompt sent to an LLM, `llm.prompt` (legacy name).
public typealias LLMPrompt = ConversationPrompt<LLMChannel>
/// An LLM's response to a prompt, `llm.response` (legacy name).
public typealias LLMResponse = ConversationResponse<LLMChannel>
/// A failed LLM call, `llm.error` (legacy name).
public typealias LLMError = ConversationFailure<LLMChannel>
