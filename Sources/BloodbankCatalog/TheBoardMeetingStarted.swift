#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A meeting began with its selected agents.
public struct TheBoardMeetingStarted: EventPayload, Hashable {
    /// The event type `theboard.meeting.started`.
    public static let eventType = "theboard.meeting.started"

    /// The meeting.
    public var meetingID: UUID
    /// The names of the agents taking part.
    public var selectedAgents: [String]
    /// How many agents take part.
    public var agentCount: Int

    enum CodingKeys: String, CodingKey {
        case meetingID = "meeting_id"
        case selectedAgents = "selected_agents"
        case agentCount = "agent_count"
    }

    /// Creates the payload.
    public init(
        meetingID: UUID,
        selectedAgents: [String],
        agentCount: Int
    ) {
        self.meetingID = meetingID
        self.selectedAgents = selectedAgents
        self.agentCount = agentCount
    }
}
