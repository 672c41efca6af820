#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

public import Bloodbank

/// One decision an agent made and how it turned out, recorded for later learning.
///
/// The learning pipeline groups observations into episodes (`agent.learning.episode.created`).
public struct AgentLearningObservationRecorded: EventPayload, Hashable {
    /// The event type `agent.learning.observation.recorded`.
    public static let eventType = "agent.learning.observation.recorded"

    /// The result of the observed decision.
    public enum Outcome: String, Codable, Sendable, Hashable, CaseIterable {
        /// The decision worked.
        case success
        /// The decision failed.
        case failure
        /// The decision had no clear effect.
        case neutral
    }

    /// Whether the outcome was verified, for example by running tests.
    public enum VerificationStatus: String, Codable, Sendable, Hashable, CaseIterable {
        /// No verification ran.
        case notRun = "not_run"
        /// Verification passed.
        case passed
        /// Verification failed.
        case failed
    }

    /// The unique id of the observation.
    public var observationID: UUID
    /// The agent that made the decision.
    public var agentName: String
    /// The session the decision was made in.
    public var sessionKey: String
    /// The kind of decision, such as `tool_choice`.
    public var decisionType: String
    /// The result of the decision.
    public var outcome: Outcome
    /// Tags describing the task; empty when absent.
    public var taskTags: [String]
    /// The ids of the events the observation was drawn from; empty when absent.
    public var sourceEventIDs: [UUID]
    /// The tool involved, if any.
    public var toolName: String?
    /// Whether the outcome was verified, if known.
    public var verificationStatus: VerificationStatus?
    /// The failure mode of the decision, if it failed.
    public var failureMode: String?
    /// The fix applied after a failure, if any.
    public var fixApplied: String?
    /// The start of the agent's notes, at most 500 characters.
    public var notesPreview: String?

    enum CodingKeys: String, CodingKey {
        case observationID = "observation_id"
        case agentName = "agent_name"
        case sessionKey = "session_key"
        case decisionType = "decision_type"
        case outcome
        case taskTags = "task_tags"
        case sourceEventIDs = "source_event_ids"
        case toolName = "tool_name"
        case verificationStatus = "verification_status"
        case failureMode = "failure_mode"
        case fixApplied = "fix_applied"
        case notesPreview = "notes_preview"
    }

    /// Creates the payload.
    public init(
        observationID: UUID,
        agentName: String,
        sessionKey: String,
        decisionType: String,
        outcome: Outcome,
        taskTags: [String] = [],
        sourceEventIDs: [UUID] = [],
        toolName: String? = nil,
        verificationStatus: VerificationStatus? = nil,
        failureMode: String? = nil,
        fixApplied: String? = nil,
        notesPreview: String? = nil
    ) {
        self.observationID = observationID
        self.agentName = agentName
        self.sessionKey = sessionKey
        self.decisionType = decisionType
        self.outcome = outcome
        self.taskTags = taskTags
        self.sourceEventIDs = sourceEventIDs
        self.toolName = toolName
        self.verificationStatus = verificationStatus
        self.failureMode = failureMode
        self.fixApplied = fixApplied
        self.notesPreview = notesPreview
    }

    /// Decodes the payload, filling in the defaults of absent fields `task_tags`, `source_event_ids`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        observationID = try container.decode(UUID.self, forKey: .observationID)
        agentName = try container.decode(String.self, forKey: .agentName)
        sessionKey = try container.decode(String.self, forKey: .sessionKey)
        decisionType = try container.decode(String.self, forKey: .decisionType)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        taskTags = try container.decodeIfPresent([String].self, forKey: .taskTags) ?? []
        sourceEventIDs = try container.decodeIfPresent([UUID].self, forKey: .sourceEventIDs) ?? []
        toolName = try container.decodeIfPresent(String.self, forKey: .toolName)
        verificationStatus = try container.decodeIfPresent(VerificationStatus.self, forKey: .verificationStatus)
        failureMode = try container.decodeIfPresent(String.self, forKey: .failureMode)
        fixApplied = try container.decodeIfPresent(String.self, forKey: .fixApplied)
        notesPreview = try container.decodeIfPresent(String.self, forKey: .notesPreview)
    }
}

extension AgentLearningObservationRecorded: ConstrainedFields {
    /// The limits the catalog states for these fields.
    public static let fieldConstraints = FieldConstraints(CodingKeys.self, [
        .notesPreview: [.maxLength(500)],
    ])
}
