#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A meeting ended normally.
public struct TheBoardMeetingCompleted: EventPayload, Hashable {
    /// The event type `theboard.meeting.completed`.
    public static let eventType = "theboard.meeting.completed"

    /// The meeting.
    public var meetingID: UUID
    /// How many rounds ran.
    public var totalRounds: Int
    /// How many comments were extracted.
    public var totalComments: Int
    /// The total cost in US dollars.
    public var totalCost: Double
    /// Whether the meeting converged before its last round.
    public var convergenceDetected: Bool
    /// The reason the meeting stopped.
    public var stoppingReason: String

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case totalRounds = "total_rounds"
        case totalComments = "total_comments"
        case totalCost = "total_cost"
        case convergenceDetected = "convergence_detected"
        case stoppingReason = "stopping_reason"
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        totalRounds: Int,
        totalComments: Int,
        totalCost: Double,
        convergenceDetected: Bool,
        stoppingReason: String
    ) {
        self.meetingID = meetingID
        self.totalRounds = totalRounds
        self.totalComments = totalComments
        self.totalCost = totalCost
        self.convergenceDetected = convergenceDetected
        self.stoppingReason = stoppingReason
    }
}
