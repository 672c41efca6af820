import Foundation
import Testing

/// Runs the built `bb` binary, which SwiftPM puts beside the test bundle.
enum BBProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func executable() throws -> URL {
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let url = URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("bb")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ProxyError("bb was not built next to the tests at \(url.path); run 'swift build --build-tests' first")
        }
        return url
    }

    static func environment() throws -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["BLOODBANK_URL"] = try TestBroker.url()
        return environment
    }

    static func start(_ arguments: [String], output: Pipe, error: Pipe) throws -> Process {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.environment = try environment()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.environment = try environment()
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}

@Suite("bb command line", .serialized)
struct CommandLineTests {
    @Test func helpListsEverySubcommand() throws {
        let result = try BBProcess.run(["--help"])
        #expect(result.status == 0)
        for command in ["list-events", "publish", "watch", "demo", "broker"] {
            #expect(result.standardOutput.contains(command), "help lacks \(command)")
        }
        #expect(result.standardError.isEmpty)
    }

    @Test(arguments: [["list-events"], ["publish"], ["watch"], ["demo"], ["broker"], ["broker", "start"]])
    func everyCommandHasHelp(_ command: [String]) throws {
        let result = try BBProcess.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE"))
    }

    @Test func usageErrorExitsWith64() throws {
        let result = try BBProcess.run(["publish", "--no-such-option"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--no-such-option"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func listEventsShowsCatalogTypes() throws {
        let text = try BBProcess.run(["list-events"])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("fireflies.transcript.ready"))
        #expect(text.standardOutput.contains("agent.thread.prompt  (legacy name)"))
        #expect(text.standardOutput.contains("failed_stage upload|transcription|processing"))

        let json = try BBProcess.run(["list-events", "--json"])
        #expect(json.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        let types = Set((parsed ?? []).compactMap { $0["event_type"] as? String })
        #expect(types.contains("fireflies.transcript.upload"))
        #expect(types.contains("llm.prompt"))
    }

    @Test func invalidPayloadNamesTheField() throws {
        let result = try BBProcess.run(["publish", "agent.thread.prompt", "--payload", #"{"provider": "openai", "tags": [1]}"#])
        #expect(result.status == 1)
        #expect(result.standardError.contains("payload.prompt") || result.standardError.contains("payload.tags[0]"))
    }

    @Test func dryRunPrintsCanonicalEnvelope() throws {
        let result = try BBProcess.run(
            ["publish", "agent.thread.prompt", "--dry-run", "--event-id", "92AC3D31-3CBB-5518-9CC9-EAA1D1198639",
             "--correlation-id", "0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69", "--source-host", "ci-host"],
            input: #"{"provider": "anthropic", "prompt": "Refactor the event system"}"#
        )
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(object?["event_id"] as? String == "92ac3d31-3cbb-5518-9cc9-eaa1d1198639")
        #expect(object?["correlation_ids"] as? [String] == ["0b7e6a52-3a4f-4a8e-9a55-1d2f3c4b5a69"])
        let source = object?["source"] as? [String: Any]
        #expect(source?["host"] as? String == "ci-host")
        #expect(source?["type"] as? String == "manual")
        #expect(object?.keys.contains("agent_context") == true)
    }

    @Test func publishShowsUpInRunningWatch() async throws {
        let output = Pipe()
        let errors = Pipe()
        // Other tests publish in parallel; this event type is published by this test only.
        let watch = try BBProcess.start(["watch", "fireflies.transcript.failed", "--count", "1", "--timeout", "20"], output: output, error: errors)
        defer { if watch.isRunning { watch.terminate() } }

        // Wait until the watcher has bound its queue: it says so on standard error.
        let ready = try await withDeadline(.seconds(20), "bb watch to bind its queue") {
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("watching") {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { throw ProxyError("bb watch ended early: \(String(decoding: seen, as: UTF8.self))") }
                seen.append(chunk)
            }
            return true
        }
        #expect(ready)

        let published = try BBProcess.run(["publish", "fireflies.transcript.failed", "--payload", #"{"failed_stage": "upload", "error_message": "seen by watch"}"#])
        #expect(published.status == 0, "bb publish failed: \(published.standardError)")
        let eventID = published.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: eventID) != nil)

        let printed = try await withDeadline(.seconds(20), "bb watch to print the event") {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            watch.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(watch.terminationStatus == 0)
        #expect(printed.contains(eventID))
        #expect(printed.contains("fireflies.transcript.failed"))
        #expect(!printed.contains("seen by watch"), "the default line shows field names, not values")
    }
}
