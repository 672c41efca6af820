import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// Runs a legacy Python service with pika against the legacy command bridge, and a
/// Bloodbank worker that executes what the bridge dispatches.
@Suite("Legacy command bridge with a Python peer", .serialized)
struct CommandLegacyBridgeTests {
    enum InProcess: CommandTestName { static let commandType = TestBroker.uniqueName("test.legacy.double") }
    enum ChildProcess: CommandTestName { static let commandType = TestBroker.uniqueName("test.legacybb.double") }

    /// The replies the Python peer collected, by command name.
    struct PeerReport {
        var json: JSONValue

        var problems: [String] { json["problems"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

        func kinds(_ name: String) -> [String] {
            replies(name).compactMap { $0["kind"]?.stringValue }
        }

        func replies(_ name: String) -> [JSONValue] {
            json["replies"]?[name]?.arrayValue ?? []
        }

        func payload(_ name: String, _ kind: String) -> JSONValue? {
            replies(name).first { $0["kind"]?.stringValue == kind }?["payload"]
        }

        func commandID(_ name: String) -> UUID? {
            json["sent"]?[name]?["command_id"]?.stringValue.flatMap(UUID.init(uuidString:))
        }
    }

    /// Runs `legacy_commands.py` on a thread of its own, because it blocks until the
    /// peer exits and the bridge under test needs the cooperative threads meanwhile.
    static func runPeer(agent: String, commands: JSONValue) async throws -> PeerReport {
        let url = try TestBroker.url()
        let input = Data(try commands.serialized())
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<JSONValue, any Error>, Never>) in
            Thread.detachNewThread {
                continuation.resume(returning: Result { try PythonPeer.run("legacy_commands.py", [url, agent], input: input) })
            }
        }
        return PeerReport(json: try result.get())
    }

    /// Starts a worker that doubles the value, fails with a retryable `invalid_state`
    /// for 0, and records every run.
    static func serveDoubling<Name>(_ type: DoubleNumber<Name>.Type, client: BloodbankClient, log: ExecutionLog) async throws -> CommandWorker {
        try await client.serve(type, concurrency: 4) { command in
            log.record(command.id, worker: "bloodbank")
            guard command.payload.value != 0 else {
                throw CommandFailure(.invalidState, "zero cannot be doubled", retryable: true)
            }
            return .init(doubled: command.payload.value * 2)
        }
    }

    static func deleteQueue(_ name: String, client: BloodbankClient) async {
        do {
            let channel = try await client.connection.openChannel()
            try await channel.queueDelete(name)
            await channel.close()
        } catch {
            print("could not delete queue \(name): \(error)")
        }
    }

    @Test func bridgeRepliesAsPythonPeerExpects() async throws {
        typealias Command = DoubleNumber<InProcess>
        let agent = "pyagent" + UUID().uuidString.prefix(8).lowercased()
        let queue = TestBroker.uniqueName("test.legacy.bridge")
        let client = try await CommandTestSupport.connect(app: "legacy-bridge-tests")
        let log = ExecutionLog()
        let worker = try await Self.serveDoubling(Command.self, client: client, log: log)
        let mapping = try LegacyCommandMapping(table: ["\(agent).double": Command.commandType], registry: CommandRegistry())
        let bridge = try await LegacyCommandBridge.start(
            client: client,
            configuration: .init(mapping: mapping, queue: queue, agents: [agent])
        )

        let key = "merge-" + UUID().uuidString
        let report = try await Self.runPeer(agent: agent, commands: [
            ["name": "success", "action": "double", "command_payload": ["value": 21]],
            ["name": "failure", "action": "double", "command_payload": ["value": 0]],
            ["name": "expired", "action": "double", "command_payload": ["value": 1], "ttl_ms": 1000, "timestamp": "2026-01-27T10:00:00Z"],
            ["name": "unmapped", "action": "launch", "command_payload": [:]],
            ["name": "invalid", "action": "double", "command_payload": ["value": "twenty"]],
            ["name": "first", "action": "double", "command_payload": ["value": 5], "idempotency_key": .string(key)],
            ["name": "repeat", "action": "double", "command_payload": ["value": 5], "idempotency_key": .string(key)],
        ])

        #expect(report.problems.isEmpty, "\(report.problems)")

        #expect(report.kinds("success") == ["ack", "result"])
        #expect(report.payload("success", "result")?["outcome"] == "success")
        #expect(report.payload("success", "result")?["result_payload"] == ["doubled": 42])

        #expect(report.kinds("failure") == ["ack", "error"])
        #expect(report.payload("failure", "error")?["error_code"] == "invalid_state")
        #expect(report.payload("failure", "error")?["error_message"] == "zero cannot be doubled")
        #expect(report.payload("failure", "error")?["retryable"] == true)

        #expect(report.kinds("expired") == ["error"])
        #expect(report.payload("expired", "error")?["error_code"] == "ttl_expired")
        #expect(report.payload("expired", "error")?["retryable"] == false)

        #expect(report.kinds("unmapped") == ["error"])
        #expect(report.payload("unmapped", "error")?["error_code"] == "not_implemented")

        #expect(report.kinds("invalid") == ["ack", "error"])
        #expect(report.payload("invalid", "error")?["error_code"] == "rejected")

        #expect(report.kinds("first") == ["ack", "result"])
        #expect(report.payload("first", "result")?["result_payload"] == ["doubled": 10])
        #expect(report.kinds("repeat") == ["result"])
        #expect(report.payload("repeat", "result")?["outcome"] == "skipped")
        #expect(report.payload("repeat", "result")?["result_payload"] == ["doubled": 10])

        // The legacy command id is the Bloodbank command id; a skipped or expired command never ran.
        let success = try #require(report.commandID("success"))
        let first = try #require(report.commandID("first"))
        let repeated = try #require(report.commandID("repeat"))
        let expired = try #require(report.commandID("expired"))
        #expect(log.count(of: success) == 1)
        #expect(log.count(of: first) == 1)
        #expect(log.count(of: repeated) == 0)
        #expect(log.count(of: expired) == 0)

        await bridge.stop()
        await worker.stop()
        await Self.deleteQueue(queue, client: client)
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func bbBridgeRunsUntilSIGTERM() async throws {
        typealias Command = DoubleNumber<ChildProcess>
        let agent = "pybb" + UUID().uuidString.prefix(8).lowercased()
        let queue = TestBroker.uniqueName("test.legacy.bbbridge")
        let client = try await CommandTestSupport.connect(app: "legacy-bridge-tests")
        let log = ExecutionLog()
        let worker = try await Self.serveDoubling(Command.self, client: client, log: log)

        let output = Pipe()
        let errors = Pipe()
        let standardError = Mutex("")
        errors.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            standardError.withLock { $0 += text }
        }
        let bridge = try BBProcess.start(
            ["bridge", "legacy-commands", "--agent", agent, "--queue", queue, "--map", "\(agent).double=\(Command.commandType)", "--grace", "2"],
            output: output,
            error: errors
        )
        try await withDeadline(.seconds(20), "bb bridge legacy-commands to start") {
            while !standardError.withLock({ $0.contains("bridging legacy commands") }) {
                guard bridge.isRunning else { return }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(bridge.isRunning, "bb exited early: \(standardError.withLock { $0 })")

        let report = try await Self.runPeer(agent: agent, commands: [
            ["name": "success", "action": "double", "command_payload": ["value": 4]],
            ["name": "unmapped", "action": "launch", "command_payload": [:]],
        ])
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.kinds("success") == ["ack", "result"])
        #expect(report.payload("success", "result")?["result_payload"] == ["doubled": 8])
        #expect(report.kinds("unmapped") == ["error"])
        #expect(report.payload("unmapped", "error")?["error_code"] == "not_implemented")

        bridge.terminate()
        try await withDeadline(.seconds(15), "bb to exit after SIGTERM") {
            while bridge.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        }
        errors.fileHandleForReading.readabilityHandler = nil
        #expect(bridge.terminationStatus == 0, "bb exited with \(bridge.terminationStatus): \(standardError.withLock { $0 })")

        await worker.stop()
        await Self.deleteQueue(queue, client: client)
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }
}
