#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A lesson withdrawn after it caused problems.
public struct AgentLearningLessonRolledBack: EventPayload, Hashable {
    /// The event type `agent.learning.lesson.rolled_back`.
    public static let eventType = "agent.learning.lesson.rolled_back"

    /// How much of the lesson was withdrawn.
    public enum RollbackScope: String, Codable, Sendable, Hashable, CaseIterable {
        /// Withdrawn for some skills or agents.
        case partial
        /// Withdrawn everywhere.
        case full
    }

    /// The lesson rolled back.
    public var lessonID: UUID
    /// The reason the lesson was rolled back.
    public var rollbackReason: String
    /// How much of the lesson was withdrawn.
    public var rollbackScope: RollbackScope
    /// The lesson that replaces it, if any.
    public var replacementLessonID: UUID?

    enum CodingKeys: String, CodingKey {
        case lessonID = "lesson_id"
        case rollbackReason = "rollback_reason"
        case rollbackScope = "rollback_scope"
        case replacementLessonID = "replacement_lesson_id"
    }

    /// Creates the payload.
    public init(
        lessonID: UUID,
        rollbackReason: String,
        rollbackScope: RollbackScope,
        replacementLessonID: UUID? = nil
    ) {
        self.lessonID = lessonID
        self.rollbackReason = rollbackReason
        self.rollbackScope = rollbackScope
        self.replacementLessonID = replacementLessonID
    }
}
