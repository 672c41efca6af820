import Bloodbank
import BloodbankCatalog
import Foundation
import Synchronization
import Testing

/// Runs the Python helper scripts in `Tests/IntegrationTests/Python` with the test
/// virtualenv's interpreter, which `scripts/test.sh` exports as `BLOODBANK_TEST_PYTHON`.
enum PythonPeer {
    static let pythonVariable = "BLOODBANK_TEST_PYTHON"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func interpreter() throws -> String {
        guard let python = ProcessInfo.processInfo.environment[pythonVariable], !python.isEmpty else {
            throw Failure(description: "\(pythonVariable) is not set: run the tests with scripts/test.sh, which prepares .build/venv")
        }
        return python
    }

    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/\(name)").path
    }

    static func process(_ script: String, _ arguments: [String], output: Pipe, error: Pipe, input: Pipe?) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter())
        process.arguments = [Self.script(script)] + arguments
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs a script to its end and returns its standard output as JSON.
    static func run(_ script: String, _ arguments: [String] = [], input: Data? = nil) throws -> JSONValue {
        let output = Pipe()
        let error = Pipe()
        let inputPipe = input == nil ? nil : Pipe()
        let process = try process(script, arguments, output: output, error: error, input: inputPipe)
        if let input, let inputPipe {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) exited with \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self).suffix(2000))")
        }
        return try JSONValue.parse([UInt8](outputData))
    }

    /// Writes the schema document of every catalog type to a new temporary directory.
    static func exportSchemas() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bloodbank-schemas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for type in BloodbankCatalog.allEventTypes {
            let document = JSONSchema.document(for: try PayloadSchema(describing: type))
            let text = try document.indentedText()
            try Data(text.utf8).write(to: directory.appendingPathComponent(type.eventType + ".json"))
        }
        return directory
    }

    static func catalogSchemas() throws -> [PayloadSchema] {
        var schemas: [PayloadSchema] = []
        for type in BloodbankCatalog.allEventTypes {
            schemas.append(try PayloadSchema(describing: type))
        }
        return schemas
    }
}

@Suite("Python interoperability", .serialized)
struct PythonInteropTests {
    // MARK: Without a broker

    @Test func uuid5MatchesPython() throws {
        let names = [
            "bloodbank:fireflies.transcript.upload:meeting_abc123",
            "bloodbank:fireflies.transcript.ready:meeting_abc123",
            "bloodbank:fireflies.transcript.upload:meeting_id=abc123",
            "bloodbank:fireflies.transcript.upload:meeting_id=abc123|user_id=user_456",
            "bloodbank:test.event:key_123",
            "other_system:test.event:key_123",
            "bloodbank:agent.cack.message.received:" + EventID.uniqueKey(fields: ["session": "s-1", "agent": "cack"]),
            "bloodbank:test.event:ünïcödé ✓",
            "",
            String(repeating: "long-key-", count: 100),
        ]
        let python = try PythonPeer.run("uuid5_vectors.py", input: Data(try JSONValue.array(names.map(JSONValue.string)).serialized()))
        let expected = try #require(python.arrayValue).compactMap(\.stringValue)
        #expect(expected.count == names.count)
        for (name, pythonUUID) in zip(names, expected) {
            let swiftUUID = EventID.uuid5(namespace: EventID.oidNamespace, name: name)
            #expect(EventID.text(of: swiftUUID) == pythonUUID, "\(name.prefix(60))")
        }
        #expect(expected[0] == "92ac3d31-3cbb-5518-9cc9-eaa1d1198639")
        #expect(expected[3] == "dcbf406d-aaae-5a9a-8b36-38bb4f5ac1e7")
        #expect(expected[5] == "ec729c22-7ab4-5b35-b78b-a3ba3397746d")
    }

    /// Payloads that break one catalog constraint each, so both validators must reject them.
    static let invalidMutations: [(String, String, JSONValue)] = [
        ("agent.learning.observation.recorded", "notes_preview", .string(String(repeating: "n", count: 501))),
        ("agent.learning.observation.recorded", "observation_id", "not-a-uuid"),
        ("agent.learning.episode.created", "user_feedback_score", 11),
        ("agent.learning.candidate.validated", "replay_pass_rate_after", 1.5),
        ("agent.learning.candidate.validated", "regression_failures", -1),
        ("agent.learning.lesson.promoted", "ttl_days", 0),
        ("agent.learning.lesson.promoted", "lesson_version", "v1"),
        ("agent.learning.lesson.promoted", "rollout_status", "canary"),
        ("agent.{agent_name}.message.received", "message_preview", .string(String(repeating: "p", count: 201))),
        ("agent.{agent_name}.message.received", "message_length", 1.5),
        ("system.heartbeat.tick", "hour", 24),
        ("system.heartbeat.tick", "timestamp", "yesterday"),
        ("webhook.plane.{event}", "provider", "github"),
        ("session.thread.end", "tools_used", ["read": "many"]),
        ("fireflies.transcript.ready", "sentences", "none"),
        ("theboard.meeting.created", "meeting_id", "m-1"),
    ]

    @Test func exportedSchemasPassPythonJSONSchema() throws {
        let directory = try PythonPeer.exportSchemas()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schemas = try PythonPeer.catalogSchemas()

        var cases: [JSONValue] = []
        var swiftVerdicts: [Bool] = []
        for schema in schemas {
            let example = PayloadExample.value(for: schema.payloadDescription)
            cases.append(["event_type": .string(schema.eventType), "payload": example])
            swiftVerdicts.append(PayloadValidator.issues(in: example, against: schema.payloadDescription).isEmpty)
            // Leaving out the first required field must fail on both sides.
            if let required = schema.fields.first(where: { !$0.isOptional }), case .object(var object) = example {
                _ = object.removeValue(forKey: required.name)
                cases.append(["event_type": .string(schema.eventType), "payload": .object(object)])
                swiftVerdicts.append(PayloadValidator.issues(in: .object(object), against: schema.payloadDescription).isEmpty)
            }
        }
        for (eventType, field, value) in Self.invalidMutations {
            let schema = try #require(schemas.first { $0.eventType == eventType })
            guard case .object(var object) = PayloadExample.value(for: schema.payloadDescription) else { continue }
            object[field] = value
            cases.append(["event_type": .string(eventType), "payload": .object(object)])
            swiftVerdicts.append(PayloadValidator.issues(in: .object(object), against: schema.payloadDescription).isEmpty)
        }
        let casesFile = directory.appendingPathComponent("cases.data")
        try Data(try JSONValue.array(cases).serialized()).write(to: casesFile)

        let report = try PythonPeer.run("check_schemas.py", [directory.path, casesFile.path])
        #expect(report["missing_formats"] == [], "jsonschema lacks format checkers")
        let perSchema = try #require(report["schemas"]?.objectValue)
        #expect(perSchema.count == schemas.count)
        for member in perSchema {
            #expect(member.value == [], "\(member.key): \(member.value)")
        }
        let pythonVerdicts = try #require(report["cases"]?.arrayValue)
        #expect(pythonVerdicts.count == cases.count)
        for (index, verdict) in pythonVerdicts.enumerated() where index < swiftVerdicts.count {
            #expect(verdict["valid"] == .bool(swiftVerdicts[index]), "case \(index) \(cases[index]["event_type"]?.stringValue ?? ""): Python \(verdict)")
        }
        // Examples are valid, and every other case is invalid on both sides.
        #expect(swiftVerdicts.filter { $0 }.count == schemas.count)
    }

    @Test func asyncAPIDocumentChecksInPython() throws {
        let result = try BBProcess.run(["schema", "asyncapi"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try PythonPeer.run("check_asyncapi.py", input: Data(result.standardOutput.utf8))
        #expect(report["problems"] == [], "\(report["problems"] ?? .null)")
        let channels = try #require(report["channels"]?.arrayValue)
        let registry = try BloodbankCatalog.registry()
        let eventChannels = channels.filter { $0["exchange"] == "bloodbank.events.v1" }
        #expect(Set(eventChannels.compactMap { $0["address"]?.stringValue }) == Set(registry.eventTypes))
        #expect(channels.contains { $0["exchange"] == "bloodbank.commands.v1" })
        let lifecycle = try #require(channels.first { $0["address"] == "agent.{agent_name}.message.received" })
        #expect(lifecycle["parameters"] == ["agent_name"])
    }

    // MARK: bb schema, show and publish --example

    @Test func schemaExportAndDiffThroughBB() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bloodbank-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let old = root.appendingPathComponent("old")
        let exported = try BBProcess.run(["schema", "export", old.path])
        #expect(exported.status == 0, "\(exported.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: old.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == BloodbankCatalog.allEventTypes.count)
        #expect(files.contains("agent.{agent_name}.message.received.json"))

        let same = try BBProcess.run(["schema", "diff", old.path, old.path])
        #expect(same.status == 0)
        #expect(same.standardOutput.contains("0 changes, 0 breaking."))

        // Breaking: a removed field and a narrowed enumeration.
        let breaking = root.appendingPathComponent("breaking")
        try FileManager.default.copyItem(at: old, to: breaking)
        let observation = breaking.appendingPathComponent("agent.learning.observation.recorded.json")
        var schema = try JSONValue.parse([UInt8](try Data(contentsOf: observation)))
        guard case .object(var document) = schema, case .object(var properties) = document["properties"] ?? .null else {
            Issue.record("the exported schema has no properties")
            return
        }
        _ = properties.removeValue(forKey: "notes_preview")
        properties["outcome"] = ["type": "string", "enum": ["success", "failure"]]
        document["properties"] = .object(properties)
        schema = .object(document)
        try Data(try schema.serialized()).write(to: observation)
        let broken = try BBProcess.run(["schema", "diff", old.path, breaking.path])
        #expect(broken.status == 1)
        #expect(broken.standardOutput.contains("breaking  field-removed  agent.learning.observation.recorded  notes_preview"))
        #expect(broken.standardOutput.contains("breaking  enum-narrowed  agent.learning.observation.recorded  outcome"))

        // Additive: a new optional field and a new versioned type.
        let additive = root.appendingPathComponent("additive")
        try FileManager.default.copyItem(at: old, to: additive)
        let prCreated = additive.appendingPathComponent("github.pr.created.json")
        var pr = try JSONValue.parse([UInt8](try Data(contentsOf: prCreated)))
        if case .object(var document) = pr, case .object(var properties) = document["properties"] ?? .null {
            properties["repository"] = ["anyOf": [["type": "string"], ["type": "null"]]]
            document["properties"] = .object(properties)
            pr = .object(document)
        }
        try Data(try pr.serialized()).write(to: prCreated)
        if case .object(var document) = pr {
            document["x-bloodbank-event-type"] = "github.pr.created.v2"
            try Data(try JSONValue.object(document).serialized()).write(to: additive.appendingPathComponent("github.pr.created.v2.json"))
        }
        let widened = try BBProcess.run(["schema", "diff", old.path, additive.path])
        #expect(widened.status == 0, "\(widened.standardOutput)")
        #expect(widened.standardOutput.contains("additive  optional-field-added  github.pr.created  repository"))
        #expect(widened.standardOutput.contains("additive  type-added  github.pr.created.v2"))
    }

    @Test func showAndListIncludeSchemas() throws {
        let shown = try BBProcess.run(["show", "agent.cack.status", "--json"])
        #expect(shown.status == 0, "\(shown.standardError)")
        let object = try JSONValue.parse(shown.standardOutput)
        #expect(object["event_type"] == "agent.{agent}.status")
        #expect(object["schema"]?["x-bloodbank-binding"] == "agent.*.status")
        let example = try #require(object["example"])
        try PayloadValidator.validate(example, as: AgentStatusReported.self)

        let text = try BBProcess.run(["show", "agent.learning.lesson.promoted"])
        #expect(text.standardOutput.contains("JSON Schema:"))
        #expect(text.standardOutput.contains("\"ttl_days\""))
        #expect(text.standardOutput.contains("Example payload:"))

        let listed = try BBProcess.run(["list-events", "--json"])
        let entries = try #require(try JSONValue.parse(listed.standardOutput).arrayValue)
        #expect(entries.count == BloodbankCatalog.allEventTypes.count)
        #expect(entries.allSatisfy { $0["schema"]?["$schema"] == .string(JSONSchema.dialect) })
        let text2 = try BBProcess.run(["list-events"])
        #expect(text2.standardOutput.contains("agent.{agent_name}.message.received  (binds agent.*.message.received)"))
        #expect(text2.standardOutput.contains("theboard.meeting.round_completed  (legacy name)"))
    }

    @Test func publishExampleAndReportEveryError() throws {
        let dryRun = try BBProcess.run(["publish", "agent.cack.message.received", "--example", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        let envelope = try EventEnvelope.decode(Array(dryRun.standardOutput.utf8))
        #expect(envelope.eventType == "agent.cack.message.received")
        #expect(envelope.payload["agent_name"] == "cack")

        let invalid = try BBProcess.run([
            "publish", "agent.learning.lesson.promoted", "--dry-run", "--payload",
            #"{"lesson_id": "x", "lesson_text": 5, "scope_skills": [], "rollout_status": "canary", "ttl_days": 0, "lesson_version": "one"}"#,
        ])
        #expect(invalid.status == 1)
        for part in [
            "6 errors", "payload.lesson_id: expected a UUID string", "payload.candidate_id: missing required field",
            "payload.lesson_text: expected a string, found an integer", "payload.rollout_status: expected one of",
            "payload.lesson_version: expected a string matching", "payload.ttl_days: expected a number of at least 1, found 0",
        ] {
            #expect(invalid.standardError.contains(part), "missing '\(part)' in \(invalid.standardError)")
        }
    }

    // MARK: Against the broker

    @Test func pythonPeerValidatesPublishedEvents() async throws {
        let directory = try PythonPeer.exportSchemas()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = TestBroker.uniqueName("interop-swift")
        let schemas = try PythonPeer.catalogSchemas()
        let expected = schemas.count + 2

        let output = Pipe()
        let errors = Pipe()
        let consumer = try PythonPeer.process(
            "consume_events.py", [try TestBroker.url(), directory.path, marker, String(expected), "60"],
            output: output, error: errors, input: nil
        )
        defer { if consumer.isRunning { consumer.terminate() } }
        let ready = try await withDeadline(.seconds(30), "the Python consumer to bind its queue") {
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("READY") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { throw PythonPeer.Failure(description: "consume_events.py ended early") }
                seen.append(chunk)
            }
            return true
        }
        #expect(ready)

        let client = try await BloodbankClient.connect(
            url: TestBroker.url(),
            source: EventSource(host: "interop-tests", type: .service, app: marker)
        )
        for schema in schemas {
            let example = PayloadExample.value(for: schema.payloadDescription)
            let type = try #require(BloodbankCatalog.allEventTypes.first { $0.eventType == schema.eventType })
            try await type.publishExample(example, with: client)
        }
        let tick = SystemHeartbeatTick(
            tick: 9_007_199_254_740_993, timestamp: Date(timeIntervalSince1970: 1_769_508_000.25), epochMs: Int.max,
            quarter: .q1, dayOfWeek: .tuesday, hour: 10, minute: 0
        )
        try await client.publish(tick)
        let prompt = AgentThreadPrompt(provider: "anthropic", prompt: "with agent context", tags: ["interop"])
        let withContext = try EventEnvelope(
            payload: prompt,
            source: EventSource(host: "interop-tests", type: .agent, app: marker),
            correlationIDs: [UUID()],
            agentContext: AgentContext(type: .claudeCode, name: "cack", mcpServers: ["bloodbank"])
        )
        try await client.publisher.publish(withContext)
        await client.close()

        let reportData = try await withDeadline(.seconds(90), "the Python consumer to finish") {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            consumer.waitUntilExit()
            return data
        }
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(consumer.terminationStatus == 0, "\(errorText.suffix(2000))")
        let report = try JSONValue.parse([UInt8](reportData))
        #expect(report["received"] == .int(Int64(expected)))
        let results = try #require(report["results"]?.arrayValue)
        for result in results {
            #expect(result["errors"] == [], "\(result["event_type"] ?? .null): \(result["errors"] ?? .null)")
        }
        let validatedByModel = results.filter { $0["pydantic_model"]?.stringValue != nil }
        #expect(validatedByModel.count >= 10)
        let tickResult = try #require(results.first { $0["event_type"] == "system.heartbeat.tick" && $0["payload"]?["tick"] == 9_007_199_254_740_993 })
        #expect(tickResult["payload"]?["epoch_ms"] == .int(Int64.max))
    }

    @Test func bloodbankReadsEveryPythonEnvelope() async throws {
        let agent = TestBroker.uniqueName("interop").replacingOccurrences(of: ".", with: "-")
        let client = try await BloodbankClient.connect(url: TestBroker.url())
        let subscription = try await client.subscribe(queue: .temporary, bindings: ["agent.\(agent).#", "command.\(agent).#"])
        let received = Mutex<[ReceivedEvent<JSONValue>]>([])
        let consumer = Task {
            try await subscription.run { event in
                let count = received.withLock { events -> Int in
                    events.append(event)
                    return events.count
                }
                if count == 7 { await subscription.cancel() }
            }
        }

        let published = try PythonPeer.run("publish_variants.py", [try TestBroker.url(), agent])
        #expect(published.arrayValue?.count == 7)
        try await withDeadline(.seconds(30), "receiving the Python envelopes") { try await consumer.value }
        await client.close()

        let events = received.withLock { $0 }
        let registry = try BloodbankCatalog.registry()
        var byVariant: [String: ReceivedEvent<JSONValue>] = [:]
        for event in events {
            if event.routingKey.hasPrefix("command.") {
                byVariant["command"] = event
                continue
            }
            #expect(registry.entry(forRoutingKey: event.routingKey)?.eventType == AgentMessageReceived.eventType)
            let payload = try event.envelope.validatedPayload(AgentMessageReceived.self)
            #expect(payload.agentName == agent)
            byVariant[payload.sender] = event
        }
        #expect(Set(byVariant.keys) == ["dialect_a", "dialect_b", "source_app_host", "source_bare_app", "version_1_0", "minimal", "command"])

        let parent = try #require(UUID(uuidString: "0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"))
        let root = try #require(UUID(uuidString: "9c1e3f47-5a2b-4c8d-9e6f-7a8b9c0d1e2f"))
        let dialectA = try #require(byVariant["dialect_a"]?.envelope)
        #expect(dialectA.correlationIDs == [parent])
        #expect(dialectA.agentContext?.type == .claudeCode)
        #expect(dialectA.agentContext?.codeState?.branch == "main")
        #expect(dialectA.source.meta?["pid"] == 42)
        #expect(dialectA.timestamp.rfc3339String == "2026-01-27T10:00:00.123456Z")

        let dialectB = try #require(byVariant["dialect_b"]?.envelope)
        #expect(dialectB.correlationIDs == [parent, root])
        #expect(dialectB.source.type == .manual)
        #expect(dialectB.source.host == EventSource.unknownHost)
        #expect(dialectB.version == "2.0.0")
        #expect(dialectB.extraFields["producer"] == "py-service")

        let appHost = try #require(byVariant["source_app_host"]?.envelope)
        #expect(appHost.source.app == "openclaw")
        #expect(appHost.source.host == "py-host")
        let bareApp = try #require(byVariant["source_bare_app"]?.envelope)
        #expect(bareApp.source.app == "openclaw")
        #expect(bareApp.source.host == EventSource.unknownHost)
        #expect(bareApp.source.type == .manual)

        #expect(byVariant["version_1_0"]?.envelope.version == "1.0")
        let minimal = try #require(byVariant["minimal"]?.envelope)
        #expect(minimal.correlationIDs.isEmpty)
        #expect(minimal.agentContext == nil)
        #expect(minimal.version == EventEnvelope.currentVersion)

        let command = try #require(byVariant["command"])
        #expect(command.routingKey == "command.\(agent).run")
        #expect(command.envelope.eventType == "command.envelope")
        #expect(command.payload["target_agent"] == .string(agent))
        #expect(command.payload["priority"] == "high")
        #expect(command.payload["ttl_ms"] == 30000)
        #expect(command.payload["command_payload"]?["task"] == "index")
    }
}

extension EventPayload {
    /// Decodes `example` as this type and publishes it with `client`.
    static func publishExample(_ example: JSONValue, with client: BloodbankClient) async throws {
        let payload = try JSONValueDecoder().decode(Self.self, from: example)
        try await client.publish(payload)
    }
}
