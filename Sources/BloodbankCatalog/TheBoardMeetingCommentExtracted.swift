#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A comment extracted from an agent's response.
///
/// Its name is a legacy name: the action `comment_extracted` joins two words with `_`.
public struct TheBoardMeetingCommentExtracted: EventPayload, Hashable {
    /// The event type `theboard.meeting.comment_extracted`.
    public static let eventType = "theboard.meeting.comment_extracted"
    /// True: the action joins two words with `_`; the Python peers publish this name.
    public static let isLegacyName = true

    /// The meeting.
    public var meetingID: UUID
    /// The round number.
    public var roundNum: Int
    /// The agent that made the comment.
    public var agentName: String
    /// The comment.
    public var commentText: String
    /// The comment's category, such as `risk` or `idea`.
    public var category: String
    /// The comment's novelty compared with earlier ones.
    public var noveltyScore: Double

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case roundNum = "round_num"
        case agentName = "agent_name"
        case commentText = "comment_text"
        case category
        case noveltyScore = "novelty_score"
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        roundNum: Int,
        agentName: String,
        commentText: String,
        category: String,
        noveltyScore: Double
    ) {
        self.meetingID = meetingID
        self.roundNum = roundNum
        self.agentName = agentName
        self.commentText = commentText
        self.category = category
        self.noveltyScore = noveltyScore
    }
}
