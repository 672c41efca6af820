public import Bloodbank

/// A voice recording was transcribed to text.
public struct TranscriptionVoiceCompleted: EventPayload, Hashable {
    /// The event type `transcription.voice.completed`.
    public static let eventType = "transcription.voice.completed"

    /// Facts about the transcribed audio.
    public struct AudioMetadata: Codable, Sendable, Hashable {
        /// The length of the audio in milliseconds.
        public var durationMs: Int
        /// The sample rate in hertz.
        public var sampleRate: Int

        enum CodingKeys: String, CodingKey {
            case durationMs = "duration_ms"
            case sampleRate = "sample_rate"
        }

        /// Creates audio metadata.
        public init(durationMs: Int, sampleRate: Int) {
            self.durationMs = durationMs
            self.sampleRate = sampleRate
        }
    }

    /// The transcribed text.
    public var text: String
    /// When the transcription finished, as the publisher formats it.
    public var timestamp: String
    /// The audio's origin, such as a device name.
    public var source: String
    /// The text's destination, such as an agent's name.
    public var target: String
    /// The voice session.
    public var sessionID: String
    /// Facts about the audio.
    public var audioMetadata: AudioMetadata

    enum CodingKeys: String, CodingKey {
        case text
        case timestamp
        case source
        case target
        case sessionID = "session_id"
        case audioMetadata = "audio_metadata"
    }

    /// Creates the payload.
    public init(
        text: String,
        timestamp: String,
        source: String,
        target: String,
        sessionID: String,
        audioMetadata: AudioMetadata
    ) {
        self.text = text
        self.timestamp = timestamp
        self.source = source
        self.target = target
        self.sessionID = sessionID
        self.audioMetadata = audioMetadata
    }
}
