#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// The result of replaying an evaluation suite against a candidate rule.
public struct AgentLearningCandidateValidated: EventPayload, Hashable {
    /// The event type `agent.learning.candidate.validated`.
    public static let eventType = "agent.learning.candidate.validated"

    /// The decision of the validation.
    public enum Decision: String, Codable, Sendable, Hashable, CaseIterable {
        /// The candidate becomes a lesson.
        case promoted
        /// The candidate is dropped.
        case rejected
        /// More episodes are needed to decide.
        case needsMoreData = "needs_more_data"
    }

    /// The candidate validated.
    public var candidateID: UUID
    /// The evaluation suite that was replayed.
    public var evalSuite: String
    /// The decision of the validation.
    public var decision: Decision
    /// The pass rate without the rule, from 0 to 1, if measured.
    public var replayPassRateBefore: Double?
    /// The pass rate with the rule, from 0 to 1, if measured.
    public var replayPassRateAfter: Double?
    /// How many cases regressed with the rule, if counted.
    public var regressionFailures: Int?
    /// Free-form notes, if any.
    public var notes: String?

    enum CodingKeys: String, CodingKey {
        case candidateID = "candidate_id"
        case evalSuite = "eval_suite"
        case decision
        case replayPassRateBefore = "replay_pass_rate_before"
        case replayPassRateAfter = "replay_pass_rate_after"
        case regressionFailures = "regression_failures"
        case notes
    }

    /// Creates the payload.
    public init(
        candidateID: UUID,
        evalSuite: String,
        decision: Decision,
        replayPassRateBefore: Double? = nil,
        replayPassRateAfter: Double? = nil,
        regressionFailures: Int? = nil,
        notes: String? = nil
    ) {
        self.candidateID = candidateID
        self.evalSuite = evalSuite
        self.decision = decision
        self.replayPassRateBefore = replayPassRateBefore
        self.replayPassRateAfter = replayPassRateAfter
        self.regressionFailures = regressionFailures
        self.notes = notes
    }
}

extension AgentLearningCandidateValidated: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .replayPassRateBefore: FieldConstraint.numberRange(0...1),
        .replayPassRateAfter: FieldConstraint.numberRange(0...1),
        .regressionFailures: [.minimum(0)],
    ])
}
