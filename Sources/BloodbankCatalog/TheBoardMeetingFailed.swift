#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A meeting stopped because of an error.
public struct TheBoardMeetingFailed: EventPayload, Hashable {
    /// The event type `theboard.meeting.failed`.
    public static let eventType = "theboard.meeting.failed"

    /// The meeting.
    public var meetingID: UUID
    /// The kind of error.
    public var errorType: String
    /// A description of the error.
    public var errorMessage: String
    /// The round in which it failed, if one had started.
    public var roundNum: Int?
    /// The agent whose turn failed, if any.
    public var agentName: String?

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case errorType = "error_type"
        case errorMessage = "error_message"
        case roundNum = "round_num"
        case agentName = "agent_name"
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        errorType: String,
        errorMessage: String,
        roundNum: Int? = nil,
        agentName: String? = nil
    ) {
        self.meetingID = meetingID
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.roundNum = roundNum
        self.agentName = agentName
    }
}
