#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Bloodbank

/// A failure at some stage of the transcript pipeline: upload, transcription or
/// ingestion.
///
/// Alerting and monitoring consume it; it links back to the failed event through the
/// envelope's correlation ids.
public struct FirefliesTranscriptFailed: EventPayload, Hashable {
    /// The event type `fireflies.transcript.failed`.
    public static let eventType = "fireflies.transcript.failed"

    /// The pipeline stage that failed.
    public enum Stage: String, Codable, Sendable, Hashable, CaseIterable {
        /// Uploading the media to Fireflies failed.
        case upload
        /// Fireflies failed to transcribe the media.
        case transcription
        /// Ingesting the finished transcript failed.
        case processing
    }

    /// The pipeline stage that failed.
    public var failedStage: Stage
    /// A description of the failure.
    public var errorMessage: String
    /// A machine-readable error code, if the failing component gave one.
    public var errorCode: String?
    /// The Fireflies transcript id; absent when the upload itself failed.
    public var transcriptID: String?
    /// The path or URL of the original media file, if known.
    public var mediaFile: String?
    /// When the failure happened; the decoding time when the field is absent.
    public var timestamp: Date
    /// How many times the stage has been retried so far; 0 when absent.
    public var retryCount: Int
    /// Whether retrying the stage may succeed; true when absent.
    public var isRetryable: Bool
    /// Free-form details of the failure; empty when absent.
    public var metadata: JSONObject

    enum CodingKeys: String, CodingKey {
        case failedStage = "failed_stage"
        case errorMessage = "error_message"
        case errorCode = "error_code"
        case transcriptID = "transcript_id"
        case mediaFile = "media_file"
        case timestamp
        case retryCount = "retry_count"
        case isRetryable = "is_retryable"
        case metadata
    }

    /// Creates a failure report.
    public init(
        failedStage: Stage,
        errorMessage: String,
        errorCode: String? = nil,
        transcriptID: String? = nil,
        mediaFile: String? = nil,
        timestamp: Date = Date(),
        retryCount: Int = 0,
        isRetryable: Bool = true,
        metadata: JSONObject = JSONObject()
    ) {
        self.failedStage = failedStage
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.transcriptID = transcriptID
        self.mediaFile = mediaFile
        self.timestamp = timestamp
        self.retryCount = retryCount
        self.isRetryable = isRetryable
        self.metadata = metadata
    }

    /// Decodes the payload with the catalog's defaults for absent fields.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failedStage = try container.decode(Stage.self, forKey: .failedStage)
        errorMessage = try container.decode(String.self, forKey: .errorMessage)
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        transcriptID = try container.decodeIfPresent(String.self, forKey: .transcriptID)
        mediaFile = try container.decodeIfPresent(String.self, forKey: .mediaFile)
        timestamp = try container.decodeIfPresent(Date.self, forKey: .timestamp) ?? Date()
        retryCount = try container.decodeIfPresent(Int.self, forKey: .retryCount) ?? 0
        isRetryable = try container.decodeIfPresent(Bool.self, forKey: .isRetryable) ?? true
        metadata = try container.decodeIfPresent(JSONObject.self, forKey: .metadata) ?? JSONObject()
    }
}
