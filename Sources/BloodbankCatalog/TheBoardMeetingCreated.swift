#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A multi-agent meeting was set up on TheBoard.
public struct TheBoardMeetingCreated: EventPayload, Hashable {
    /// The event type `theboard.meeting.created`.
    public static let eventType = "theboard.meeting.created"

    /// The turn-taking rule of the agents.
    public enum Strategy: String, Codable, Sendable, Hashable, CaseIterable {
        /// Agents speak in a fixed order.
        case sequential
        /// The agent with the most to add speaks next.
        case greedy
    }

    /// The unique id of the meeting.
    public var meetingID: UUID
    /// The meeting's subject.
    public var topic: String
    /// The turn-taking rule of the agents.
    public var strategy: Strategy
    /// The maximum number of rounds.
    public var maxRounds: Int
    /// How many agents take part, if decided.
    public var agentCount: Int?

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case topic
        case strategy
        case maxRounds = "max_rounds"
        case agentCount = "agent_count"
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        topic: String,
        strategy: Strategy,
        maxRounds: Int,
        agentCount: Int? = nil
    ) {
        self.meetingID = meetingID
        self.topic = topic
        self.strategy = strategy
        self.maxRounds = maxRounds
        self.agentCount = agentCount
    }
}
