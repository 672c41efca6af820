import AMQPClient
import AMQPWire

/// Scenario `publish-transient`: delivery mode 1, no confirms, through
/// `AMQPChannel.basicPublish` (Bloodbank's publisher always uses confirms).
enum TransientPublishBenchmark {
    static func run(_ options: BenchOptions) async throws -> String {
        let body = try readBody(options)
        let connection = try await BenchConnection.connect(options)
        let channel = try await connection.openChannel()
        let properties = BenchConnection.properties(options, deliveryMode: 1)

        let measurement = Measurement()
        for _ in 0..<options.messages {
            try await channel.basicPublish(
                exchange: options.exchange,
                routingKey: options.routingKey,
                body: body,
                properties: properties
            )
        }
        // The broker replies to this after it has taken every message before it on the channel.
        try await channel.queueDeclare(options.queue, passive: true)
        let result = measurement.finish(options)

        await connection.close()
        return result
    }
}
