#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// Lessons retrieved and applied to an agent's task.
public struct AgentLearningRetrievalApplied: EventPayload, Hashable {
    /// The event type `agent.learning.retrieval.applied`.
    public static let eventType = "agent.learning.retrieval.applied"

    /// The unique id of the retrieval.
    public var retrievalID: String
    /// The agent the lessons were applied to.
    public var agentName: String
    /// The session they were applied in.
    public var sessionKey: String
    /// The lessons applied.
    public var lessonIDs: [UUID]
    /// Tags describing the task; empty when absent.
    public var taskTags: [String]
    /// The skill the lessons target, if one.
    public var targetSkill: String?

    enum CodingKeys: String, CodingKey {
        case retrievalID = "retrieval_id"
        case agentName = "agent_name"
        case sessionKey = "session_key"
        case lessonIDs = "lesson_ids"
        case taskTags = "task_tags"
        case targetSkill = "target_skill"
    }

    /// Creates the payload.
    public init(
        retrievalID: String,
        agentName: String,
        sessionKey: String,
        lessonIDs: [UUID],
        taskTags: [String] = [],
        targetSkill: String? = nil
    ) {
        self.retrievalID = retrievalID
        self.agentName = agentName
        self.sessionKey = sessionKey
        self.lessonIDs = lessonIDs
        self.taskTags = taskTags
        self.targetSkill = targetSkill
    }

    /// Decodes the payload, filling in the default of an absent `task_tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        retrievalID = try container.decode(String.self, forKey: .retrievalID)
        agentName = try container.decode(String.self, forKey: .agentName)
        sessionKey = try container.decode(String.self, forKey: .sessionKey)
        lessonIDs = try container.decode([UUID].self, forKey: .lessonIDs)
        taskTags = try container.decodeIfPresent([String].self, forKey: .taskTags) ?? []
        targetSkill = try container.decodeIfPresent(String.self, forKey: .targetSkill)
    }
}
