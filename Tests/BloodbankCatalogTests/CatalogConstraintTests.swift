import Foundation
import Testing

import Bloodbank
import BloodbankCatalog

@Suite("Catalog constraints")
struct CatalogConstraintTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var eventType: String
        var field: String
        var value: JSONValue
        var code: ValidationIssue.Code

        var testDescription: String { "\(eventType) \(field)" }
    }

    static let longNote = JSONValue.string(String(repeating: "n", count: 501))
    static let longPreview = JSONValue.string(String(repeating: "p", count: 201))

    /// One row per constraint the catalog states: the field gets a value that breaks it.
    static let cases: [Case] = [
        Case(eventType: "agent.learning.observation.recorded", field: "notes_preview", value: longNote, code: .tooLong),
        Case(eventType: "agent.learning.observation.recorded", field: "observation_id", value: "not-a-uuid", code: .invalidFormat),
        Case(eventType: "agent.learning.observation.recorded", field: "outcome", value: "mixed", code: .notAllowed),
        Case(eventType: "agent.learning.observation.recorded", field: "verification_status", value: "skipped", code: .notAllowed),
        Case(eventType: "agent.learning.episode.created", field: "user_feedback_score", value: 0, code: .outOfRange),
        Case(eventType: "agent.learning.episode.created", field: "user_feedback_score", value: 11, code: .outOfRange),
        Case(eventType: "agent.learning.episode.created", field: "source_observation_ids", value: ["x"], code: .invalidFormat),
        Case(eventType: "agent.learning.candidate.extracted", field: "priority", value: "urgent", code: .notAllowed),
        Case(eventType: "agent.learning.candidate.validated", field: "replay_pass_rate_before", value: 1.01, code: .outOfRange),
        Case(eventType: "agent.learning.candidate.validated", field: "replay_pass_rate_after", value: -0.1, code: .outOfRange),
        Case(eventType: "agent.learning.candidate.validated", field: "regression_failures", value: -1, code: .outOfRange),
        Case(eventType: "agent.learning.candidate.validated", field: "decision", value: "maybe", code: .notAllowed),
        Case(eventType: "agent.learning.lesson.promoted", field: "ttl_days", value: 0, code: .outOfRange),
        Case(eventType: "agent.learning.lesson.promoted", field: "lesson_version", value: "v1", code: .patternMismatch),
        Case(eventType: "agent.learning.lesson.promoted", field: "rollout_status", value: "canary", code: .notAllowed),
        Case(eventType: "agent.learning.lesson.rolled_back", field: "rollback_scope", value: "some", code: .notAllowed),
        Case(eventType: "agent.{agent_name}.message.received", field: "message_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.message.received", field: "channel", value: "email", code: .notAllowed),
        Case(eventType: "agent.{agent_name}.message.sent", field: "message_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.tool.invoked", field: "tool_params_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.tool.completed", field: "output_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.subagent.spawned", field: "task_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.subagent.completed", field: "result_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.task.assigned", field: "task_preview", value: longPreview, code: .tooLong),
        Case(eventType: "agent.{agent_name}.task.assigned", field: "task_type", value: "email", code: .notAllowed),
        Case(eventType: "agent.{agent_name}.session.ended", field: "reason", value: "bored", code: .notAllowed),
        Case(eventType: "agent.{agent_name}.heartbeat", field: "status", value: "asleep", code: .notAllowed),
        Case(eventType: "system.heartbeat.tick", field: "hour", value: 24, code: .outOfRange),
        Case(eventType: "system.heartbeat.tick", field: "minute", value: 60, code: .outOfRange),
        Case(eventType: "system.heartbeat.tick", field: "quarter", value: "Q5", code: .notAllowed),
        Case(eventType: "system.heartbeat.tick", field: "day_of_week", value: "monday", code: .notAllowed),
        Case(eventType: "agent.{agent}.status", field: "status", value: "busy", code: .notAllowed),
        Case(eventType: "webhook.plane.{event}", field: "provider", value: "github", code: .notAllowed),
        Case(eventType: "github.pr.created", field: "cache_type", value: "disk", code: .notAllowed),
        Case(eventType: "agent.feedback.response", field: "status", value: "fine", code: .notAllowed),
        Case(eventType: "theboard.meeting.created", field: "strategy", value: "random", code: .notAllowed),
        Case(eventType: "theboard.meeting.created", field: "meeting_id", value: "m-1", code: .invalidFormat),
        Case(eventType: "session.thread.message", field: "role", value: "system", code: .notAllowed),
        Case(eventType: "session.thread.end", field: "final_status", value: "done", code: .notAllowed),
        Case(eventType: "session.thread.end", field: "tools_used", value: ["read": "many"], code: .invalidType),
        Case(eventType: "fireflies.transcript.failed", field: "failed_stage", value: "download", code: .notAllowed),
    ]

    static func example(for eventType: String) throws -> (EventRegistry.Entry, ValueDescription, JSONObject) {
        let registry = try BloodbankCatalog.registry()
        let entry = try #require(registry[eventType])
        let description = try PayloadSchema(describing: entry.payloadType).payloadDescription
        let example = try #require(PayloadExample.value(for: description).objectValue)
        return (entry, description, example)
    }

    @Test("broken catalog constraint", arguments: cases)
    func constraintIsEnforced(_ testCase: Case) throws {
        let (_, description, example) = try Self.example(for: testCase.eventType)
        #expect(PayloadValidator.issues(in: .object(example), against: description).isEmpty)

        var broken = example
        broken[testCase.field] = testCase.value
        let issues = PayloadValidator.issues(in: .object(broken), against: description)
        #expect(issues.count == 1, "\(issues)")
        let issue = try #require(issues.first)
        #expect(issue.code == testCase.code)
        #expect(issue.path.components.first == .key(testCase.field))
    }

    @Test func previewOfExactlyTwoHundredCharactersPasses() throws {
        let (_, description, example) = try Self.example(for: "agent.{agent_name}.message.received")
        var edge = example
        edge["message_preview"] = .string(String(repeating: "é", count: 200))
        #expect(PayloadValidator.issues(in: .object(edge), against: description).isEmpty)
    }

    @Test func nestedPreviewLimitIsFiveHundred() throws {
        let (_, description, example) = try Self.example(for: "session.thread.agent.action")
        var broken = example
        var metadata = try #require(example["tool_metadata"]?.objectValue)
        metadata["output_preview"] = Self.longNote
        broken["tool_metadata"] = .object(metadata)
        let issues = PayloadValidator.issues(in: .object(broken), against: description)
        #expect(issues.map(\.path.description) == ["tool_metadata.output_preview"])
    }
}
