import Bloodbank
import BloodbankCatalog

/// Scenarios `envelope-encode` and `envelope-decode`: the JSON work of the envelope
/// alone, without AMQP, repeated `--messages` times on the benchmark envelope.
///
/// Clients of `envelope-encode`: `bloodbank` calls `EventEnvelope.encoded()` on a
/// decoded envelope; `bloodbank-typed` also builds the envelope from the typed payload
/// first, as `Publisher.publish(_:)` does. Client `bloodbank` of `envelope-decode` calls
/// `EventEnvelope.decode(_:)` and decodes the `AgentThreadPrompt` payload.
enum EnvelopeBenchmark {
    static func run(_ options: BenchOptions) async throws -> String {
        let body = try readBody(options)
        let envelope = try EventEnvelope.decode(body)
        let prompt = try envelope.decodePayload(AgentThreadPrompt.self)
        // Sums the output so that the optimiser cannot drop the work.
        var checksum = 0

        let measurement: Measurement
        switch (options.scenario, options.client) {
        case ("envelope-encode", "bloodbank"):
            measurement = Measurement()
            for _ in 0..<options.messages {
                checksum &+= try envelope.encoded().count
            }
        case ("envelope-encode", "bloodbank-typed"):
            measurement = Measurement()
            for _ in 0..<options.messages {
                let built = try EventEnvelope(
                    payload: prompt,
                    source: envelope.source,
                    correlationIDs: envelope.correlationIDs,
                    eventID: envelope.eventID,
                    timestamp: envelope.timestamp
                )
                checksum &+= try built.encoded().count
            }
        case ("envelope-decode", "bloodbank"):
            measurement = Measurement()
            for _ in 0..<options.messages {
                let decoded = try EventEnvelope.decode(body)
                checksum &+= try decoded.decodePayload(AgentThreadPrompt.self).prompt.utf8.count
            }
        default:
            throw BenchFailure("\(options.scenario) has no client '\(options.client)'")
        }
        return measurement.finish(options, extra: ["checksum": checksum])
    }
}
