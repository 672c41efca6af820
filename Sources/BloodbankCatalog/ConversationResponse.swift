public import Bloodbank

/// The response of an LLM or agent thread to a prompt: `<prefix>.response`.
///
/// It links back to the prompt through the envelope's correlation ids.
public struct ConversationResponse<Channel: ConversationChannel>: EventPayload, Hashable {
    /// The event type, `agent.thread.response` or `llm.response`.
    public static var eventType: String { Channel.prefix + ".response" }
    /// True only under the `llm` prefix.
    public static var isLegacyName: Bool { Channel.isLegacyPrefix }

    /// The model provider, such as `anthropic`.
    public var provider: String
    /// The id of the prompt answered. Superseded by the envelope's correlation ids but
    /// still sent by older producers.
    public var promptID: String?
    /// The response text.
    public var response: String
    /// The model that produced the response, if reported.
    public var model: String?
    /// The tokens the call used, if reported.
    public var tokensUsed: Int?
    /// How long the call took in milliseconds, if reported.
    public var durationMs: Int?

    enum CodingKeys: String, CodingKey {
        case provider
        case promptID = "prompt_id"
        case response
        case model
        case tokensUsed = "tokens_used"
        case durationMs = "duration_ms"
    }

    /// Creates a response.
    public init(
        provider: String,
        promptID: String? = nil,
        response: String,
        model: String? = nil,
        tokensUsed: Int? = nil,
        durationMs: Int? = nil
    ) {
        self.provider = provider
        self.promptID = promptID
        self.response = response
        self.model = model
        self.tokensUsed = tokensUsed
        self.durationMs = durationMs
    }
}
