#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Bloodbank

/// A request to upload a recording to Fireflies for transcription.
///
/// A file watcher or a person publishes it when a new recording appears; the upload
/// workflow consumes it. Producers derive a deterministic event id from the user and
/// the file, so a recording seen twice is uploaded once.
public struct FirefliesTranscriptUpload: EventPayload, Hashable {
    /// The event type `fireflies.transcript.upload`.
    public static let eventType = "fireflies.transcript.upload"

    /// The path or URL of the media file.
    public var mediaFile: String
    /// The length of the recording in seconds.
    public var mediaDurationSeconds: Int
    /// The MIME type of the media, such as `audio/mpeg` or `video/mp4`.
    public var mediaType: String
    /// The meeting title, if known.
    public var title: String?
    /// The id of the user who requested the transcription, if known.
    public var userID: String?
    /// When the upload was requested; the decoding time when the field is absent.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case mediaFile = "media_file"
        case mediaDurationSeconds = "media_duration_seconds"
        case mediaType = "media_type"
        case title
        case userID = "user_id"
        case createdAt = "created_at"
    }

    /// Creates an upload request.
    public init(
        mediaFile: String,
        mediaDurationSeconds: Int,
        mediaType: String,
        title: String? = nil,
        userID: String? = nil,
        createdAt: Date = Date()
    ) {
        self.mediaFile = mediaFile
        self.mediaDurationSeconds = mediaDurationSeconds
        self.mediaType = mediaType
        self.title = title
        self.userID = userID
        self.createdAt = createdAt
    }

    /// Decodes the payload, defaulting `created_at` to now.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mediaFile = try container.decode(String.self, forKey: .mediaFile)
        mediaDurationSeconds = try container.decode(Int.self, forKey: .mediaDurationSeconds)
        mediaType = try container.decode(String.self, forKey: .mediaType)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        userID = try container.decodeIfPresent(String.self, forKey: .userID)
        createdAt = try container.decodeIfPresent(Date.self, forKey: .createdAt) ?? Date()
    }
}
