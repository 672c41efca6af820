#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// One agent finished its turn in a meeting round.
///
/// Its name is a legacy name: the action `round_completed` joins two words with `_`.
public struct TheBoardMeetingRoundCompleted: EventPayload, Hashable {
    /// The event type `theboard.meeting.round_completed`.
    public static let eventType = "theboard.meeting.round_completed"
    /// True: the action joins two words with `_`; the Python peers publish this name.
    public static let isLegacyName = true

    /// The meeting.
    public var meetingID: UUID
    /// The round number.
    public var roundNum: Int
    /// The agent whose turn ended.
    public var agentName: String
    /// The length of the agent's response in characters.
    public var responseLength: Int
    /// How many comments were extracted from the response.
    public var commentCount: Int
    /// The average novelty score of those comments.
    public var avgNovelty: Double
    /// The tokens the turn used.
    public var tokensUsed: Int
    /// The cost of the turn in US dollars.
    public var cost: Double

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case roundNum = "round_num"
        case agentName = "agent_name"
        case responseLength = "response_length"
        case commentCount = "comment_count"
        case avgNovelty = "avg_novelty"
        case tokensUsed = "tokens_used"
        case cost
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        roundNum: Int,
        agentName: String,
        responseLength: Int,
        commentCount: Int,
        avgNovelty: Double,
        tokensUsed: Int,
        cost: Double
    ) {
        self.meetingID = meetingID
        self.roundNum = roundNum
        self.agentName = agentName
        self.responseLength = responseLength
        self.commentCount = commentCount
        self.avgNovelty = avgNovelty
        self.tokensUsed = tokensUsed
        self.cost = cost
    }
}
