#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Bloodbank

/// A finished Fireflies transcript, with every sentence, published from the Fireflies
/// webhook.
///
/// It carries the full transcript, so consumers such as the RAG ingestion and the
/// notification service need no further calls to the Fireflies API. It links back to
/// the upload request through the envelope's correlation ids.
public struct FirefliesTranscriptReady: EventPayload, Hashable {
    /// The event type `fireflies.transcript.ready`.
    public static let eventType = "fireflies.transcript.ready"

    /// The Fireflies meeting and transcript id.
    public var id: String
    /// The meeting title.
    public var title: String
    /// When the meeting took place.
    public var date: Date
    /// The meeting length in minutes.
    public var duration: Double
    /// The URL of the transcript in Fireflies.
    public var transcriptURL: String
    /// The URL of the audio recording, if any.
    public var audioURL: String?
    /// The URL of the video recording, if any.
    public var videoURL: String?
    /// The transcript, one entry per sentence, in spoken order.
    public var sentences: [Sentence]
    /// The meeting summary, if Fireflies has generated one yet.
    public var summary: String?
    /// The people invited to or present in the meeting; empty when absent.
    public var participants: [Participant]
    /// The distinct speaker names; empty when absent.
    public var speakers: [String]
    /// The Fireflies user who owns the transcript.
    public var user: User
    /// The e-mail address of the meeting host.
    public var hostEmail: String
    /// The e-mail address of the meeting organizer.
    public var organizerEmail: String
    /// The transcript's sharing setting, such as `link` or `private`.
    public var privacy: String
    /// The link to join the meeting, if any.
    public var meetingLink: String?
    /// The calendar event id, if the meeting came from a calendar.
    public var calendarID: String?
    /// The calendar provider, such as `google`, if the meeting came from a calendar.
    public var calendarType: String?
    /// The webhook's full `meeting_info` object, kept for fields not modelled here.
    public var rawMeetingInfo: JSONObject?

    enum CodingKeys: String, CodingKey {
        case id
        case title
        case date
        case duration
        case transcriptURL = "transcript_url"
        case audioURL = "audio_url"
        case videoURL = "video_url"
        case sentences
        case summary
        case participants
        case speakers
        case user
        case hostEmail = "host_email"
        case organizerEmail = "organizer_email"
        case privacy
        case meetingLink = "meeting_link"
        case calendarID = "calendar_id"
        case calendarType = "calendar_type"
        case rawMeetingInfo = "raw_meeting_info"
    }

    /// Creates a transcript payload.
    public init(
        id: String,
        title: String,
        date: Date,
        duration: Double,
        transcriptURL: String,
        audioURL: String? = nil,
        videoURL: String? = nil,
        sentences: [Sentence],
        summary: String? = nil,
        participants: [Participant] = [],
        speakers: [String] = [],
        user: User,
        hostEmail: String,
        organizerEmail: String,
        privacy: String,
        meetingLink: String? = nil,
        calendarID: String? = nil,
        calendarType: String? = nil,
        rawMeetingInfo: JSONObject? = nil
    ) {
        self.id = id
        self.title = title
        self.date = date
        self.duration = duration
        self.transcriptURL = transcriptURL
        self.audioURL = audioURL
        self.videoURL = videoURL
        self.sentences = sentences
        self.summary = summary
        self.participants = participants
        self.speakers = speakers
        self.user = user
        self.hostEmail = hostEmail
        self.organizerEmail = organizerEmail
        self.privacy = privacy
        self.meetingLink = meetingLink
        self.calendarID = calendarID
        self.calendarType = calendarType
        self.rawMeetingInfo = rawMeetingInfo
    }

    /// Decodes the payload, defaulting `participants` and `speakers` to empty arrays.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        date = try container.decode(Date.self, forKey: .date)
        duration = try container.decode(Double.self, forKey: .duration)
        transcriptURL = try container.decode(String.self, forKey: .transcriptURL)
        audioURL = try container.decodeIfPresent(String.self, forKey: .audioURL)
        videoURL = try container.decodeIfPresent(String.self, forKey: .videoURL)
        sentences = try container.decode([Sentence].self, forKey: .sentences)
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        participants = try container.decodeIfPresent([Participant].self, forKey: .participants) ?? []
        speakers = try container.decodeIfPresent([String].self, forKey: .speakers) ?? []
        user = try container.decode(User.self, forKey: .user)
        hostEmail = try container.decode(String.self, forKey: .hostEmail)
        organizerEmail = try container.decode(String.self, forKey: .organizerEmail)
        privacy = try container.decode(String.self, forKey: .privacy)
        meetingLink = try container.decodeIfPresent(String.self, forKey: .meetingLink)
        calendarID = try container.decodeIfPresent(String.self, forKey: .calendarID)
        calendarType = try container.decodeIfPresent(String.self, forKey: .calendarType)
        rawMeetingInfo = try container.decodeIfPresent(JSONObject.self, forKey: .rawMeetingInfo)
    }
}
