import AMQPClient
import AMQPWire
import Bloodbank
import BloodbankCatalog
import Synchronization

/// Scenario `consume`: drains `--messages` messages from a pre-filled queue with manual
/// acknowledgements at `--prefetch`.
///
/// Client `bloodbank-amqp` uses `AMQPChannel.basicConsume` and `AMQPMessage.ack()`;
/// `bloodbank-subscription` uses Bloodbank's `Subscription`, which also decodes every
/// envelope and its `AgentThreadPrompt` payload.
enum ConsumeBenchmark {
    static func run(_ options: BenchOptions) async throws -> String {
        switch options.client {
        case "bloodbank-amqp": return try await runChannel(options)
        case "bloodbank-subscription": return try await runSubscription(options)
        default: throw BenchFailure("consume has no client '\(options.client)'")
        }
    }

    private static func runChannel(_ options: BenchOptions) async throws -> String {
        let connection = try await BenchConnection.connect(options)
        let channel = try await connection.openChannel()
        try await channel.basicQos(prefetchCount: options.prefetchCount)

        let measurement = Measurement()
        let consumer = try await channel.basicConsume(queue: options.queue)
        var received = 0
        for try await message in consumer {
            try await message.ack()
            received += 1
            if received == options.messages { break }
        }
        let result = measurement.finish(options)

        await connection.close()
        return result
    }

    private static func runSubscription(_ options: BenchOptions) async throws -> String {
        let client = try await BloodbankClient.connect(url: options.url)
        let received = Atomic<Int>(0)
        let finished = AsyncStream.makeStream(of: String.self)

        let measurement = Measurement()
        let subscription = try await client.subscribe(
            queue: .durable(options.queue),
            bindings: [options.routingKey],
            prefetch: options.prefetchCount
        )
        let run = Task {
            try await subscription.run(as: AgentThreadPrompt.self) { _ in
                let count = received.add(1, ordering: .relaxed).newValue
                if count == options.messages {
                    finished.continuation.yield(measurement.finish(options))
                    finished.continuation.finish()
                }
            }
        }
        var result = ""
        for await line in finished.stream {
            result = line
        }
        await subscription.cancel()
        try await run.value

        await client.close()
        return result
    }
}
