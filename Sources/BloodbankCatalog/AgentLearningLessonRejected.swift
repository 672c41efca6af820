#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// A candidate rule that validation rejected.
public struct AgentLearningLessonRejected: EventPayload, Hashable {
    /// The event type `agent.learning.lesson.rejected`.
    public static let eventType = "agent.learning.lesson.rejected"

    /// The candidate rejected.
    public var candidateID: UUID
    /// The reason the candidate was rejected.
    public var rejectionReason: String
    /// The evaluation cases that blocked it; empty when absent.
    public var blockingFailures: [String]

    enum CodingKeys: String, CodingKey {
        case candidateID = "candidate_id"
        case rejectionReason = "rejection_reason"
        case blockingFailures = "blocking_failures"
    }

    /// Creates the payload.
    public init(
        candidateID: UUID,
        rejectionReason: String,
        blockingFailures: [String] = []
    ) {
        self.candidateID = candidateID
        self.rejectionReason = rejectionReason
        self.blockingFailures = blockingFailures
    }

    /// Decodes the payload, filling in the default of an absent `blocking_failures`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        candidateID = try container.decode(UUID.self, forKey: .candidateID)
        rejectionReason = try container.decode(String.self, forKey: .rejectionReason)
        blockingFailures = try container.decodeIfPresent([String].self, forKey: .blockingFailures) ?? []
    }
}
