public import Bloodbank

/// Ingesting an artifact into a store such as a vector index failed.
public struct ArtifactIngestionFailed: EventPayload, Hashable {
    /// The event type `artifact.ingestion.failed`.
    public static let eventType = "artifact.ingestion.failed"

    /// The artifact's location.
    public var artifactURI: String
    /// The kind of artifact, such as `transcript`.
    public var artifactKind: String
    /// A description of the failure.
    public var errorMessage: String
    /// A machine-readable error code, if the failing component gave one.
    public var errorCode: String?
    /// How many times ingestion has been retried so far; 0 when absent.
    public var retryCount: Int
    /// Whether retrying may succeed; true when absent.
    public var isRetryable: Bool

    enum CodingKeys: String, CodingKey {
        case artifactURI = "artifact_uri"
        case artifactKind = "artifact_kind"
        case errorMessage = "error_message"
        case errorCode = "error_code"
        case retryCount = "retry_count"
        case isRetryable = "is_retryable"
    }

    /// Creates the payload.
    public init(
        artifactURI: String,
        artifactKind: String,
        errorMessage: String,
        errorCode: String? = nil,
        retryCount: Int = 0,
        isRetryable: Bool = true
    ) {
        self.artifactURI = artifactURI
        self.artifactKind = artifactKind
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.retryCount = retryCount
        self.isRetryable = isRetryable
    }

    /// Decodes the payload, filling in the defaults of absent fields `retry_count` and
    /// `is_retryable`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        artifactURI = try container.decode(String.self, forKey: .artifactURI)
        artifactKind = try container.decode(String.self, forKey: .artifactKind)
        errorMessage = try container.decode(String.self, forKey: .errorMessage)
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        retryCount = try container.decodeIfPresent(Int.self, forKey: .retryCount) ?? 0
        isRetryable = try container.decodeIfPresent(Bool.self, forKey: .isRetryable) ?? true
    }
}
