import Foundation
@testable import Bloodbank
import Testing

@Suite("Legacy commands")
struct CommandLegacyTests {
    struct Merge: CommandPayload {
        typealias Result = EmptyResult
        static let commandType = "github.pr.merge"
    }

    let source = EventSource(host: "py-host", type: .agent, app: "legacy")
    let commandID = UUID(uuidString: "0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69")!

    func envelope(_ payload: JSONObject, timestamp: EventTimestamp = .now()) -> EventEnvelope {
        EventEnvelope(eventType: LegacyCommand.envelopeType, timestamp: timestamp, source: source, payload: .object(payload))
    }

    @Test func routingKeysAreClassified() {
        #expect(LegacyRoutingKey("command.github.merge") == .command(agent: "github", action: "merge"))
        #expect(LegacyRoutingKey("command.github.pr.merge") == .command(agent: "github", action: "pr.merge"))
        #expect(LegacyRoutingKey("command.github.merge.ack") == .reply(.ack))
        #expect(LegacyRoutingKey("command.github.merge.result") == .reply(.result))
        #expect(LegacyRoutingKey("command.github.merge.error") == .reply(.error))
        #expect(LegacyRoutingKey("command.github.ack") == .command(agent: "github", action: "ack"))
        #expect(LegacyRoutingKey("command.github") == .other)
        #expect(LegacyRoutingKey("command..merge") == .other)
        #expect(LegacyRoutingKey("github.pr.merge") == .other)
    }

    @Test func commandReadsFieldsAndDefaults() throws {
        let command = try LegacyCommand.read(envelope(["command_id": .string(commandID.uuidString)]), agent: "github", action: "merge")
        #expect(command.commandID == commandID)
        #expect(command.targetAgent == "github")
        #expect(command.action == "merge")
        #expect(command.priority == .normal)
        #expect(command.timeToLiveMilliseconds == 30_000)
        #expect(command.idempotencyKey == nil)
        #expect(command.commandPayload == .object(JSONObject()))
        #expect(command.mappingKey == "github.merge")
        #expect(command.replyRoutingKey(.result) == "command.github.merge.result")
    }

    @Test func commandReadsEveryField() throws {
        let timestamp = EventTimestamp(seconds: 1_769_508_000)
        let payload: JSONObject = [
            "command_id": .string(commandID.uuidString.lowercased()), "target_agent": "github", "action": "merge",
            "issued_by": "agent-zero", "priority": "critical", "ttl_ms": 0, "idempotency_key": "k1",
            "command_payload": ["number": 423],
        ]
        let command = try LegacyCommand.read(envelope(payload, timestamp: timestamp), agent: "other", action: "other")
        #expect(command.targetAgent == "github")
        #expect(command.issuedBy == "agent-zero")
        #expect(command.priority == .critical)
        #expect(command.expiresAt == nil)
        #expect(command.idempotencyKey == "k1")
        #expect(command.commandPayload == ["number": 423])
    }

    @Test func expiryCountsFromEnvelopeTimestamp() throws {
        let timestamp = EventTimestamp(seconds: 1_769_508_000)
        let payload: JSONObject = ["command_id": .string(commandID.uuidString), "ttl_ms": 1500]
        let command = try LegacyCommand.read(envelope(payload, timestamp: timestamp), agent: "a", action: "b")
        #expect(command.expiresAt == EventTimestamp(seconds: 1_769_508_001, nanoseconds: 500_000_000))
    }

    @Test(arguments: [
        (["ttl_ms": -1] as JSONObject, "ttl_ms"),
        (["ttl_ms": "30000"] as JSONObject, "ttl_ms"),
        (["priority": "urgent"] as JSONObject, "priority"),
        (["command_payload": [1, 2]] as JSONObject, "command_payload"),
        (["target_agent": ""] as JSONObject, "target_agent"),
        (["idempotency_key": 7] as JSONObject, "idempotency_key"),
    ])
    func invalidFieldIsNamed(_ fields: JSONObject, _ name: String) {
        var payload: JSONObject = ["command_id": .string(commandID.uuidString)]
        for member in fields { payload[member.key] = member.value }
        let error = #expect(throws: LegacyCommandReadError.self) {
            try LegacyCommand.read(envelope(payload), agent: "a", action: "b")
        }
        #expect(error?.commandID == commandID)
        #expect(error?.reason.contains("payload.\(name)") == true)
    }

    @Test func missingCommandIDLeavesNothingToReplyTo() {
        let error = #expect(throws: LegacyCommandReadError.self) {
            try LegacyCommand.read(envelope(["command_id": "not-a-uuid"]), agent: "a", action: "b")
        }
        #expect(error?.commandID == nil)
    }

    @Test func mappingPrefersTableThenRegistry() throws {
        let registry = try CommandRegistry(registering: [Merge.self])
        let mapping = try LegacyCommandMapping(table: ["github.merge": "github.pr.merge", "ci.run": "ci.pipeline.run"], registry: registry)
        #expect(mapping.target(for: "github.merge")?.commandType == "github.pr.merge")
        #expect(mapping.target(for: "github.pr.merge")?.commandType == "github.pr.merge")
        #expect(mapping.target(for: "ci.run")?.queueType == .quorum)
        #expect(mapping.target(for: "github.close") == nil)
        #expect(throws: CommandError.self) { try LegacyCommandMapping(table: ["a.b": "Not.A.Name"], registry: registry) }
    }

    @Test func outcomesMapCommandErrors() {
        let timedOut = CommandError(.timedOut, "no reply", commandType: "a.b.c")
        #expect(LegacyOutcome.failed(timedOut) == .error(code: "timeout", message: "no reply", retryable: true))
        let invalid = CommandError(.invalidCommand, "bad name", commandType: "a.b.c")
        #expect(LegacyOutcome.failed(invalid) == .error(code: "rejected", message: "bad name", retryable: false))
        let failure = CommandFailure(.rateLimited, "slow down", retryable: true)
        let failed = CommandError(.failed, "failed", commandType: "a.b.c", failure: failure)
        #expect(LegacyOutcome.failed(failed) == .error(code: "rate_limited", message: "slow down", retryable: true))
        #expect(LegacyOutcome.succeeded(["sha": "abc"]) == .result(outcome: "success", payload: ["sha": "abc"]))
        #expect(LegacyOutcome.succeeded(42) == .result(outcome: "success", payload: ["value": 42]))
    }

    @Test func repeatedOutcomesAreSkippedOrReplayed() {
        let result = LegacyOutcome.result(outcome: "success", payload: ["n": 1])
        #expect(result.isRemembered)
        #expect(result.repeated == .result(outcome: "skipped", payload: ["n": 1]))
        let permanent = LegacyOutcome.error(code: "rejected", message: "no", retryable: false)
        #expect(permanent.isRemembered)
        #expect(permanent.repeated == permanent)
        #expect(!LegacyOutcome.error(code: "timeout", message: "slow", retryable: true).isRemembered)
    }

    @Test func replyEnvelopesCarryContractFields() throws {
        let command = try LegacyCommand.read(envelope(["command_id": .string(commandID.uuidString)]), agent: "github", action: "merge")
        let bridgeSource = EventSource(host: "bridge-host", type: .service)

        let ack = LegacyCommandBridge.replyEnvelope(.ack, for: command, source: bridgeSource)
        #expect(ack.eventType == "command.github.merge.ack")
        #expect(ack.correlationIDs == [command.envelope.eventID])
        #expect(ack.payload == ["command_id": "0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69", "target_agent": "github", "action": "merge"])

        let result = LegacyCommandBridge.replyEnvelope(.outcome(.result(outcome: "success", payload: ["sha": "abc"])), for: command, source: bridgeSource)
        #expect(result.eventType == "command.github.merge.result")
        #expect(result.payload["outcome"] == "success")
        #expect(result.payload["result_payload"] == ["sha": "abc"])

        let error = LegacyCommandBridge.replyEnvelope(.outcome(.error(code: "ttl_expired", message: "late", retryable: false)), for: command, source: bridgeSource)
        #expect(error.eventType == "command.github.merge.error")
        #expect(error.payload["error_code"] == "ttl_expired")
        #expect(error.payload["error_message"] == "late")
        #expect(error.payload["retryable"] == false)
    }

    @Test func bridgeBindsAgentsOrEverything() throws {
        let mapping = try LegacyCommandMapping(table: [:], registry: CommandRegistry())
        #expect(LegacyCommandBridge.Configuration(mapping: mapping).bindings == ["command.#"])
        #expect(LegacyCommandBridge.Configuration(mapping: mapping, agents: ["github", "ci"]).bindings == ["command.github.#", "command.ci.#"])
    }
}
