import Bloodbank
import BloodbankCatalog
import Synchronization

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
        let measurement = Measurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                // Spreads the messages evenly: the first `messages % tasks` tasks take one more.
                let share = options.messages / tasks + (task < options.messages % tasks ? 1 : 0)
                group.addTask {
                    for _ in 0..<share {
                        if typed {
                            try await publisher.publish(prompt, correlationIDs: template.correlationIDs)
                        } else {
                            try await publisher.publish(body: body, routingKey: options.routingKey, eventID: options.messageID)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let result = measurement.finish(options)

        await client.close()
        return result
    }
}
