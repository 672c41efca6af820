#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A meeting's comments stopped adding novelty, so the discussion converged.
public struct TheBoardMeetingConverged: EventPayload, Hashable {
    /// The event type `theboard.meeting.converged`.
    public static let eventType = "theboard.meeting.converged"

    /// The meeting.
    public var meetingID: UUID
    /// The round in which it converged.
    public var roundNum: Int
    /// The average novelty of the round.
    public var avgNovelty: Double
    /// The threshold below which a round counts as converged.
    public var noveltyThreshold: Double
    /// The comments extracted so far.
    public var totalComments: Int

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case roundNum = "round_num"
        case avgNovelty = "avg_novelty"
        case noveltyThreshold = "novelty_threshold"
        case totalComments = "total_comments"
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        roundNum: Int,
        avgNovelty: Double,
        noveltyThreshold: Double,
        totalComments: Int
    ) {
        self.meetingID = meetingID
        self.roundNum = roundNum
        self.avgNovelty = avgNovelty
        self.noveltyThreshold = noveltyThreshold
        self.totalComments = totalComments
    }
}
