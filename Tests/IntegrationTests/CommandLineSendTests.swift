import AMQPClient
import Bloodbank
import BloodbankCatalog
import Foundation
import Testing

/// `bb send` and the Commands section of `bb list-events`, run as a user would, with a
/// worker for the catalog's `github.pr.merge` in the test process.
@Suite("bb send", .serialized)
struct CommandLineSendTests {
    /// Runs `bb` on a thread of its own, because `BBProcess.run` blocks until `bb` exits
    /// and the worker under test needs the cooperative threads meanwhile.
    static func runBB(_ arguments: [String]) async throws -> BBProcess.Result {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<BBProcess.Result, any Error>, Never>) in
            Thread.detachNewThread {
                continuation.resume(returning: Result { try BBProcess.run(arguments) })
            }
        }
        return try result.get()
    }

    /// Empties the `github.pr.merge` queue, which earlier runs may have left commands in.
    static func purgeMergeQueue(_ client: BloodbankClient) async throws -> AMQPChannel {
        let channel = try await client.connection.openChannel()
        try await channel.queueDeclare(CommandQueue.name(for: GithubPRMerge.commandType), durable: true, arguments: CommandQueue.arguments(for: .quorum))
        try await channel.queuePurge(CommandQueue.name(for: GithubPRMerge.commandType))
        return channel
    }

    @Test func sendWithWaitPrintsResult() async throws {
        let client = try await CommandTestSupport.connect(app: "bb-send-tests")
        let channel = try await Self.purgeMergeQueue(client)
        let worker = try await client.serve(GithubPRMerge.self) { command in
            guard command.payload.number != 0 else {
                throw CommandFailure(.invalidState, "pull request 0 does not exist")
            }
            return .init(merged: true, sha: "0123abc", message: "merged \(command.payload.repository)#\(command.payload.number) by \(command.payload.mergeMethod.rawValue)")
        }

        let merged = try await Self.runBB(["send", "github.pr.merge", "--payload", #"{"repository": "33god/trinote", "number": 423}"#, "--wait", "10"])
        #expect(merged.status == 0, "\(merged.standardError)")
        let result = try JSONValue.parse(merged.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(result == ["merged": true, "sha": "0123abc", "message": "merged 33god/trinote#423 by merge"])

        let failed = try await Self.runBB(["send", "github.pr.merge", "--payload", #"{"repository": "33god/trinote", "number": 0}"#, "--wait", "10"])
        #expect(failed.status == 1)
        #expect(failed.standardOutput.isEmpty)
        #expect(failed.standardError.contains("invalid_state: pull request 0 does not exist"))

        await worker.stop()
        await channel.close()
        await client.close()
    }

    @Test func sendWithoutWaitQueuesCommand() async throws {
        let client = try await CommandTestSupport.connect(app: "bb-send-tests")
        let channel = try await Self.purgeMergeQueue(client)
        let sent = try await Self.runBB(["send", "github.pr.merge", "--payload", #"{"repository": "33god/trinote", "number": 7, "merge_method": "squash"}"#])
        #expect(sent.status == 0, "\(sent.standardError)")
        let id = sent.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        let message = try #require(try await channel.basicGet(queue: CommandQueue.name(for: GithubPRMerge.commandType), noAck: true))
        let envelope = try EventEnvelope.decode(message.body)
        #expect(message.properties.messageID == id)
        #expect(message.properties.deliveryMode == 2)
        #expect(envelope.eventID.uuidString.lowercased() == id)
        #expect(envelope.eventType == "github.pr.merge")
        #expect(envelope.payload["merge_method"] == "squash")
        #expect(envelope.commandExpiresAt == nil)

        await channel.close()
        await client.close()
    }

    @Test func sendWithoutWorkerTimesOut() async throws {
        let client = try await CommandTestSupport.connect(app: "bb-send-tests")
        let channel = try await Self.purgeMergeQueue(client)
        let result = try await Self.runBB(["send", "github.pr.merge", "--payload", #"{"repository": "33god/trinote", "number": 9}"#, "--wait", "1"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("no reply to command"))
        #expect(result.standardError.contains("bloodbank.commands.v1.github.pr.merge"))

        try await channel.queuePurge(CommandQueue.name(for: GithubPRMerge.commandType))
        await channel.close()
        await client.close()
    }

    @Test func sendRejectsInvalidPayloadAndUnknownType() async throws {
        let invalid = try await Self.runBB(["send", "github.pr.merge", "--payload", #"{"repository": "33god/trinote"}"#])
        #expect(invalid.status == 1)
        #expect(invalid.standardError.contains("payload.number"))

        let unknown = try await Self.runBB(["send", "github.pr.close", "--payload", "{}"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("unknown command type 'github.pr.close'"))

        let badID = try await Self.runBB(["send", "github.pr.merge", "--payload", "{}", "--command-id", "42"])
        #expect(badID.status == 64)
    }

    @Test func listEventsShowsCommandsSection() async throws {
        let result = try await Self.runBB(["list-events"])
        #expect(result.status == 0)
        let section = try #require(result.standardOutput.components(separatedBy: "\nCommands").last)
        #expect(section.contains("github.pr.merge  (queue bloodbank.commands.v1.github.pr.merge, quorum)"))
        #expect(section.contains("merge_method merge|squash|rebase?"))
        #expect(section.contains("result:\n    merged bool"))
    }
}
