import Bloodbank
import BloodbankCatalog
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Scenario `publish-confirm`: Bloodbank's `Publisher`, where every call awaits its own
/// confirm, from `--window` concurrent tasks.
///
/// Client `bloodbank-publisher` publishes the typed payload, so each message gets a new
/// event id and timestamp and is encoded by the publisher. Client
/// `bloodbank-publisher-body` publishes the pre-encoded envelope through
/// `publish(body:routingKey:eventID:timeout:)`.
enum ConfirmedPublishBenchmark {
    static func run(_ options: BenchOptions) async throws -> String {
        let body = try readBody(options)
        let template = try EventEnvelope.decode(body)
        let prompt = try template.decodePayload(AgentThreadPrompt.self)
        let typed: Bool
        switch options.client {
        case "bloodbank-publisher": typed = true
        case "bloodbank-publisher-body": typed = false
        default: throw BenchFailure("publish-confirm has no client '\(options.client)'")
        }
        let client = try await BloodbankClient.connect(url: options.url, source: template.source)
        let publisher = client.publisher
        // Opens the confirm channel and declares the exchange outside the timed part.
        try await publisher.publish(body: body, routingKey: options.routingKey, eventID: options.messageID)

        let tasks = min(options.window, options.messages)
        let routingKey = options.routingKey
        let eventID = options.messageID
        let correlationIDs = template.correlationIDs
        let measurement = Measurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                // Spreads the messages evenly: the first `messages % tasks` tasks take one more.
                let share = options.messages / tasks + (task < options.messages % tasks ? 1 : 0)
                // Each task captures only what it sends, because the contexts and async
                // frames of the 1,000 tasks count in the peak RSS.
                if typed {
                    group.addTask {
                        try await publishTyped(prompt, correlationIDs: correlationIDs, count: share, with: publisher)
                    }
                } else {
                    group.addTask {
                        try await publishBodies(body, routingKey: routingKey, eventID: eventID, count: share, with: publisher)
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = measurement.finish(options)

        await client.close()
        return result
    }

    private static func publishTyped(
        _ prompt: AgentThreadPrompt,
        correlationIDs: [UUID],
        count: Int,
        with publisher: Publisher
    ) async throws {
        for _ in 0..<count {
            try await publisher.publish(prompt, correlationIDs: correlationIDs)
        }
    }

    private static func publishBodies(
        _ body: [UInt8],
        routingKey: String,
        eventID: String,
        count: Int,
        with publisher: Publisher
    ) async throws {
        for _ in 0..<count {
            try await publisher.publish(body: body, routingKey: routingKey, eventID: eventID)
        }
    }
}
