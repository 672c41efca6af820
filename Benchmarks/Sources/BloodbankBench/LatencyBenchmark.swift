import AMQPClient
import AMQPWire
import Bloodbank
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Scenario `latency`: publishes at a fixed `--rate` with Bloodbank's `Publisher`
/// (persistent, mandatory, each publish awaiting its confirm in its own task) and
/// consumes on a second channel of the same connection with `AMQPChannel.basicConsume`.
///
/// The event id argument, sent as `message_id`, carries the sequence number, so that the
/// consumer finds the send time of each message. Latency is the time from just before
/// the publish call to the delivery, in nanoseconds, written one a line to
/// `--latency-file`.
enum LatencyBenchmark {
    static func run(_ options: BenchOptions) async throws -> String {
        guard !options.latencyFile.isEmpty else { throw BenchFailure("missing --latency-file") }
        let body = try readBody(options)
        let count = options.messages
        let client = try await BloodbankClient.connect(url: options.url)
        let publisher = client.publisher
        let channel = try await client.connection.openChannel()
        try await channel.basicQos(prefetchCount: options.prefetchCount)
        let consumer = try await channel.basicConsume(queue: options.queue)
        // Opens the confirm channel outside the timed part; the consumer skips this message.
        try await publisher.publish(body: body, routingKey: options.routingKey, eventID: "warm-up")

        let sentNanoseconds = Mutex([UInt64](repeating: 0, count: count))
        let interval = Duration.nanoseconds(1_000_000_000 / options.rate)
        let measurement = Measurement()

        let receiving = Task { () throws -> [UInt64] in
            var latencies = [UInt64](repeating: 0, count: count)
            var received = 0
            for try await message in consumer {
                let arrived = Measurement.monotonicNanoseconds()
                try await message.ack()
                guard let text = message.properties.messageID else {
                    throw BenchFailure("a delivery has no message_id")
                }
                if text == "warm-up" { continue }
                guard let sequence = Int(text), (0..<count).contains(sequence), latencies[sequence] == 0 else {
                    throw BenchFailure("unexpected or repeated delivery '\(text)'")
                }
                latencies[sequence] = arrived - sentNanoseconds.withLock { $0[sequence] }
                received += 1
                if received == count { break }
            }
            return latencies
        }

        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingDiscardingTaskGroup { group in
            for sequence in 0..<count {
                let due = start + interval * sequence
                if clock.now < due {
                    try await clock.sleep(until: due, tolerance: nil)
                }
                sentNanoseconds.withLock { $0[sequence] = Measurement.monotonicNanoseconds() }
                group.addTask {
                    try await publisher.publish(body: body, routingKey: options.routingKey, eventID: String(sequence))
                }
            }
        }
        let latencies = try await receiving.value
        let result = measurement.finish(options)

        let text = latencies.map(String.init).joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: options.latencyFile, contents: Data(text.utf8)) else {
            throw BenchFailure("cannot write \(options.latencyFile)")
        }
        await client.close()
        return result
    }
}
