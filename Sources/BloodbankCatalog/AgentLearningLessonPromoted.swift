#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A validated candidate promoted to a lesson that agents apply.
public struct AgentLearningLessonPromoted: EventPayload, Hashable {
    /// The event type `agent.learning.lesson.promoted`.
    public static let eventType = "agent.learning.lesson.promoted"

    /// How far the lesson is rolled out.
    public enum RolloutStatus: String, Codable, Sendable, Hashable, CaseIterable {
        /// Applied in shadow mode: logged but not acted on.
        case shadow
        /// Applied for real.
        case active
    }

    /// The unique id of the lesson.
    public var lessonID: UUID
    /// The candidate the lesson came from.
    public var candidateID: UUID
    /// The lesson in words.
    public var lessonText: String
    /// The skills the lesson applies to.
    public var scopeSkills: [String]
    /// Task tags that trigger the lesson; empty when absent.
    public var triggerTags: [String]
    /// How far the lesson is rolled out.
    public var rolloutStatus: RolloutStatus
    /// The semantic version of the lesson, such as `1.2.0`, if versioned.
    public var lessonVersion: String?
    /// How many days the lesson stays in force; at least 1.
    public var ttlDays: Int

    enum CodingKeys: String, CodingKey {
        case lessonID = "lesson_id"
        case candidateID = "candidate_id"
        case lessonText = "lesson_text"
        case scopeSkills = "scope_skills"
        case triggerTags = "trigger_tags"
        case rolloutStatus = "rollout_status"
        case lessonVersion = "lesson_version"
        case ttlDays = "ttl_days"
    }

    /// Creates the payload.
    public init(
        lessonID: UUID,
        candidateID: UUID,
        lessonText: String,
        scopeSkills: [String],
        triggerTags: [String] = [],
        rolloutStatus: RolloutStatus,
        lessonVersion: String? = nil,
        ttlDays: Int
    ) {
        self.lessonID = lessonID
        self.candidateID = candidateID
        self.lessonText = lessonText
        self.scopeSkills = scopeSkills
        self.triggerTags = triggerTags
        self.rolloutStatus = rolloutStatus
        self.lessonVersion = lessonVersion
        self.ttlDays = ttlDays
    }

    /// Decodes the payload, filling in the default of an absent `trigger_tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lessonID = try container.decode(UUID.self, forKey: .lessonID)
        candidateID = try container.decode(UUID.self, forKey: .candidateID)
        lessonText = try container.decode(String.self, forKey: .lessonText)
        scopeSkills = try container.decode([String].self, forKey: .scopeSkills)
        triggerTags = try container.decodeIfPresent([String].self, forKey: .triggerTags) ?? []
        rolloutStatus = try container.decode(RolloutStatus.self, forKey: .rolloutStatus)
        lessonVersion = try container.decodeIfPresent(String.self, forKey: .lessonVersion)
        ttlDays = try container.decode(Int.self, forKey: .ttlDays)
    }
}

extension AgentLearningLessonPromoted: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .lessonVersion: [.semanticVersion],
        .ttlDays: [.minimum(1)],
    ])
}
