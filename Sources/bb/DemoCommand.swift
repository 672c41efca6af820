internal import Bloodbank
import BloodbankCatalog
import Foundation
import Synchronization

/// `bb demo`: publishes a short, realistic chain of catalog events and shows them
/// arriving at a subscriber.
struct DemoCommand: Command {
    let name = "demo"
    let abstract = "Publish a meeting transcript's life as events and watch them arrive."
    var discussion: String {
        """
        Subscribes to fireflies.# and agent.thread.# on a temporary queue, then publishes \
        five events: a recording uploaded, its transcript ready, the transcript processed \
        for search, a prompt to an LLM agent about it, and the agent's response. Each \
        event lists the one before it in correlation_ids, so the chain of causes can be \
        followed. Exits 0 when all five arrived.
        """
    }

    static let timeout = CommandOption.value("timeout", valueName: "seconds", help: "How long to wait for the events to arrive.", defaultValue: "10")
    var options: [CommandOption] { [Self.timeout] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let timeout = try arguments.duration(Self.timeout, in: 1...600) ?? .seconds(10)
        let source = EventSource(host: BusConnection.hostName(), type: .manual, app: "bb-demo")
        let client = try await BusConnection.connect(context, source: source)
        do {
            return try await run(client: client, timeout: timeout, arguments: arguments, context: context)
        } catch {
            await client.close()
            throw error
        }
    }

    private func run(client: BloodbankClient, timeout: Duration, arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let subscription = try await client.subscribe(queue: .temporary, bindings: ["fireflies.#", "agent.thread.#"])
        context.print("Subscribed to fireflies.# and agent.thread.# on queue \(subscription.queue).")
        let expected = 5
        let arrived = Mutex<[EventEnvelope]>([])
        let consuming = Task {
            try await subscription.run { event in
                context.print("  received  " + EventLine.format(event.envelope, routingKey: event.routingKey))
                let count = arrived.withLock { envelopes -> Int in
                    envelopes.append(event.envelope)
                    return envelopes.count
                }
                if count == expected { await subscription.cancel() }
            }
        }

        context.print("Publishing \(expected) events, each caused by the one before:")
        var previous: [UUID] = []
        for payload in Self.chain() {
            let envelope = try await Self.publish(payload, correlationIDs: previous, client: client)
            context.print("  published \(envelope.eventType) \(envelope.eventID.uuidString.lowercased())")
            previous = [envelope.eventID]
        }

        let finished = await Self.wait(for: consuming, timeout: timeout)
        let count = arrived.withLock { $0.count }
        guard finished, count == expected else {
            await subscription.cancel()
            throw CommandLineError.failure("only \(count) of \(expected) events arrived within \(arguments.value(Self.timeout) ?? "10") s")
        }
        await client.close()
        context.print("All \(expected) events arrived. Watch the bus yourself with 'bb watch', or publish with 'bb publish'.")
        return ExitStatus.success
    }

    private static func publish(_ payload: any EventPayload, correlationIDs: [UUID], client: BloodbankClient) async throws -> EventEnvelope {
        try await client.publish(payload, correlationIDs: correlationIDs)
    }

    private static func wait(for task: Task<Void, any Error>, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await task.value) != nil }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// The demo's events: a meeting recording on its way from upload to an agent's response.
    static func chain() -> [any EventPayload] {
        let meetingID = "meeting_abc123"
        let sentences = [
            FirefliesTranscriptReady.Sentence(
                index: 0, speakerName: "Ada", speakerID: 1,
                rawText: "Let's ship the event bus on Friday.", text: "Let's ship the event bus on Friday.",
                startTime: 0.0, endTime: 3.2,
                aiFilters: .init(textCleanup: "Let's ship the event bus on Friday.", task: "ship the event bus", sentiment: .positive)
            ),
            FirefliesTranscriptReady.Sentence(
                index: 1, speakerName: "Grace", speakerID: 2,
                rawText: "Agreed, once the retry tests pass.", text: "Agreed, once the retry tests pass.",
                startTime: 3.4, endTime: 6.0,
                aiFilters: .init(textCleanup: "Agreed, once the retry tests pass.", sentiment: .neutral)
            ),
        ]
        return [
            FirefliesTranscriptUpload(
                mediaFile: "/recordings/2026-12-04-standup.mp4", mediaDurationSeconds: 1_260,
                mediaType: "video/mp4", title: "Daily standup"
            ),
            FirefliesTranscriptReady(
                id: meetingID, title: "Daily standup", date: Date(), duration: 21, transcriptURL: "https://app.fireflies.ai/view/\(meetingID)",
                sentences: sentences,
                participants: [.init(name: "Ada", email: "ada@example.com"), .init(name: "Grace")],
                speakers: ["Ada", "Grace"],
                user: .init(userID: "user_456", email: "ada@example.com", name: "Ada", numTranscripts: 42, minutesConsumed: 1_234.5, isAdmin: true),
                hostEmail: "ada@example.com", organizerEmail: "ada@example.com", privacy: "team"
            ),
            FirefliesTranscriptProcessed(
                transcriptID: meetingID, ragDocumentID: "doc_\(meetingID)", title: "Daily standup",
                ingestionTimestamp: Date(), sentenceCount: sentences.count, speakerCount: 2, durationMinutes: 21,
                vectorStore: "qdrant", chunkCount: 4, embeddingModel: "all-MiniLM-L6-v2"
            ),
            AgentThreadPrompt(provider: "anthropic", model: "claude", prompt: "Summarise the decisions of the daily standup.", project: "33god", tags: ["meetings"]),
            AgentThreadResponse(provider: "anthropic", response: "The team will ship the event bus on Friday, after the retry tests pass.", model: "claude", tokensUsed: 57, durationMs: 1_840),
        ]
    }
}
