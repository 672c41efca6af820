#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A group of observations summarised as one learning episode.
public struct AgentLearningEpisodeCreated: EventPayload, Hashable {
    /// The event type `agent.learning.episode.created`.
    public static let eventType = "agent.learning.episode.created"

    /// The overall result of the episode.
    public enum Outcome: String, Codable, Sendable, Hashable, CaseIterable {
        /// The episode succeeded.
        case success
        /// The episode failed.
        case failure
        /// Parts succeeded and parts failed.
        case mixed
    }

    /// The unique id of the episode.
    public var episodeID: UUID
    /// The agent the episode belongs to.
    public var agentName: String
    /// The session the episode happened in.
    public var sessionKey: String
    /// A summary of the episode.
    public var summary: String
    /// The overall result.
    public var outcome: Outcome
    /// The observations the episode groups.
    public var sourceObservationIDs: [UUID]
    /// Tags describing the task; empty when absent.
    public var taskTags: [String]
    /// The failure mode of the episode, if it failed.
    public var failureMode: String?
    /// The fix that resolved a failure, if any.
    public var fixSummary: String?
    /// The user's rating from 1 to 10, if given.
    public var userFeedbackScore: Int?
    /// The user's feedback in words, if given.
    public var userFeedbackSummary: String?

    enum CodingKeys: String, CodingKey {
        case episodeID = "episode_id"
        case agentName = "agent_name"
        case sessionKey = "session_key"
        case summary
        case outcome
        case sourceObservationIDs = "source_observation_ids"
        case taskTags = "task_tags"
        case failureMode = "failure_mode"
        case fixSummary = "fix_summary"
        case userFeedbackScore = "user_feedback_score"
        case userFeedbackSummary = "user_feedback_summary"
    }

    /// Creates the payload.
    public init(
        episodeID: UUID,
        agentName: String,
        sessionKey: String,
        summary: String,
        outcome: Outcome,
        sourceObservationIDs: [UUID],
        taskTags: [String] = [],
        failureMode: String? = nil,
        fixSummary: String? = nil,
        userFeedbackScore: Int? = nil,
        userFeedbackSummary: String? = nil
    ) {
        self.episodeID = episodeID
        self.agentName = agentName
        self.sessionKey = sessionKey
        self.summary = summary
        self.outcome = outcome
        self.sourceObservationIDs = sourceObservationIDs
        self.taskTags = taskTags
        self.failureMode = failureMode
        self.fixSummary = fixSummary
        self.userFeedbackScore = userFeedbackScore
        self.userFeedbackSummary = userFeedbackSummary
    }

    /// Decodes the payload, filling in the default of an absent `task_tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        episodeID = try container.decode(UUID.self, forKey: .episodeID)
        agentName = try container.decode(String.self, forKey: .agentName)
        sessionKey = try container.decode(String.self, forKey: .sessionKey)
        summary = try container.decode(String.self, forKey: .summary)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        sourceObservationIDs = try container.decode([UUID].self, forKey: .sourceObservationIDs)
        taskTags = try container.decodeIfPresent([String].self, forKey: .taskTags) ?? []
        failureMode = try container.decodeIfPresent(String.self, forKey: .failureMode)
        fixSummary = try container.decodeIfPresent(String.self, forKey: .fixSummary)
        userFeedbackScore = try container.decodeIfPresent(Int.self, forKey: .userFeedbackScore)
        userFeedbackSummary = try container.decodeIfPresent(String.self, forKey: .userFeedbackSummary)
    }
}

extension AgentLearningEpisodeCreated: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .userFeedbackScore: FieldConstraint.range(1...10),
    ])
}
