public import Bloodbank

/// A failed LLM or agent thread call, such as a rate limit or a timeout:
/// `<prefix>.error`.
///
/// Alerting and retry logic consume it; it links back to the prompt through the
/// envelope's correlation ids.
public struct ConversationFailure<Channel: ConversationChannel>: EventPayload, Hashable {
    /// The event type, `agent.thread.error` or `llm.error`.
    public static var eventType: String { Channel.prefix + ".error" }
    /// True only under the `llm` prefix.
    public static var isLegacyName: Bool { Channel.isLegacyPrefix }

    /// The model provider, such as `anthropic`.
    public var provider: String
    /// The model that was called, if known.
    public var model: String?
    /// A description of the failure.
    public var errorMessage: String
    /// The provider's error code, if any.
    public var errorCode: String?
    /// Whether retrying the call may succeed; false when absent.
    public var isRetryable: Bool
    /// How many times the call has been retried so far; 0 when absent.
    public var retryCount: Int

    enum CodingKeys: String, CodingKey {
        case provider
        case model
        case errorMessage = "error_message"
        case errorCode = "error_code"
        case isRetryable = "is_retryable"
        case retryCount = "retry_count"
    }

    /// Creates a failure report.
    public init(
        provider: String,
        model: String? = nil,
        errorMessage: String,
        errorCode: String? = nil,
        isRetryable: Bool = false,
        retryCount: Int = 0
    ) {
        self.provider = provider
        self.model = model
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.isRetryable = isRetryable
        self.retryCount = retryCount
    }

    /// Decodes the payload, defaulting `is_retryable` to false and `retry_count` to 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        provider = try container.decode(String.self, forKey: .provider)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        errorMessage = try container.decode(String.self, forKey: .errorMessage)
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        isRetryable = try container.decodeIfPresent(Bool.self, forKey: .isRetryable) ?? false
        retryCount = try container.decodeIfPresent(Int.self, forKey: .retryCount) ?? 0
    }
}
