#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A candidate rule extracted from episodes, waiting for validation.
public struct AgentLearningCandidateExtracted: EventPayload, Hashable {
    /// The event type `agent.learning.candidate.extracted`.
    public static let eventType = "agent.learning.candidate.extracted"

    /// The urgency of adopting a rule.
    public enum Priority: String, Codable, Sendable, Hashable, CaseIterable {
        /// Low priority.
        case low
        /// Medium priority.
        case medium
        /// High priority.
        case high
        /// Adopt at once.
        case critical
    }

    /// The unique id of the candidate.
    public var candidateID: UUID
    /// The rule in words.
    public var ruleText: String
    /// The episodes that support the rule.
    public var supportingEpisodeIDs: [UUID]
    /// The skills the rule applies to.
    public var scopeSkills: [String]
    /// Task tags that trigger the rule; empty when absent.
    public var triggerTags: [String]
    /// The urgency of adopting the rule.
    public var priority: Priority
    /// The reasoning behind the rule, if stated.
    public var rationale: String?

    enum CodingKeys: String, CodingKey {
        case candidateID = "candidate_id"
        case ruleText = "rule_text"
        case supportingEpisodeIDs = "supporting_episode_ids"
        case scopeSkills = "scope_skills"
        case triggerTags = "trigger_tags"
        case priority
        case rationale
    }

    /// Creates the payload.
    public init(
        candidateID: UUID,
        ruleText: String,
        supportingEpisodeIDs: [UUID],
        scopeSkills: [String],
        triggerTags: [String] = [],
        priority: Priority,
        rationale: String? = nil
    ) {
        self.candidateID = candidateID
        self.ruleText = ruleText
        self.supportingEpisodeIDs = supportingEpisodeIDs
        self.scopeSkills = scopeSkills
        self.triggerTags = triggerTags
        self.priority = priority
        self.rationale = rationale
    }

    /// Decodes the payload, filling in the default of an absent `trigger_tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        candidateID = try container.decode(UUID.self, forKey: .candidateID)
        ruleText = try container.decode(String.self, forKey: .ruleText)
        supportingEpisodeIDs = try container.decode([UUID].self, forKey: .supportingEpisodeIDs)
        scopeSkills = try container.decode([String].self, forKey: .scopeSkills)
        triggerTags = try container.decodeIfPresent([String].self, forKey: .triggerTags) ?? []
        priority = try container.decode(Priority.self, forKey: .priority)
        rationale = try container.decodeIfPresent(String.self, forKey: .rationale)
    }
}
