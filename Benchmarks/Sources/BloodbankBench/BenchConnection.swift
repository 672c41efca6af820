import AMQPClient
import AMQPWire

/// Helpers shared by the scenarios that use AMQPClient directly.
enum BenchConnection {
    /// Opens an AMQP connection to `--url`.
    static func connect(_ options: BenchOptions) async throws -> AMQPConnection {
        var configuration = try AMQPConfiguration(url: options.url)
        configuration.connectionName = "bloodbank-bench \(options.client) \(options.scenario)"
        return try await AMQPConnection.connect(configuration)
    }

    /// Returns the properties that Bloodbank's publisher sets, with the given delivery mode.
    static func properties(_ options: BenchOptions, deliveryMode: UInt8, messageID: String? = nil) -> AMQPBasicProperties {
        AMQPBasicProperties(
            contentType: "application/json",
            contentEncoding: "utf-8",
            deliveryMode: deliveryMode,
            messageID: messageID ?? options.messageID
        )
    }
}
