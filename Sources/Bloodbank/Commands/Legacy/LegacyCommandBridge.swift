import AMQPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Executes the Python services' legacy commands with Bloodbank command workers, and
/// sends the replies the Python side expects.
///
/// The bridge consumes a durable queue on the events exchange bound to `command.#`, or
/// to `command.<agent>.#` for each agent in ``Configuration/agents``. Of
/// what arrives there, only `command.<agent>.<action>` keys with event type
/// `command.envelope` are commands. Replies (`.ack`, `.result`, `.error`), which the
/// binding matches too, are acknowledged and skipped. For each command the bridge:
///
/// 1. replies `.error` with `ttl_expired` when `ttl_ms` ran out since the envelope's
///    timestamp, and `not_implemented` when `<agent>.<action>` is not mapped;
/// 2. within ``Configuration/idempotencyWindow``, replies to a repeated
///    `idempotency_key` of the same agent and action without running it again: with a
///    `.result` of outcome `skipped` and the first result, or with the first `.error`
///    when it was not retryable;
/// 3. replies `.ack` once the Bloodbank command is stored in its worker queue, sent
///    with the legacy `command_id` as command id and the remaining time to live;
/// 4. replies `.result` (outcome `success`, the worker's result as `result_payload`)
///    or `.error` (`error_code`, `error_message`, `retryable`), and then acknowledges
///    the legacy message.
///
/// The remembered idempotency keys are kept in memory, by each bridge process.
public final class LegacyCommandBridge: Sendable {
    /// Settings of a bridge.
    public struct Configuration: Sendable {
        /// The bridge's queue when none is given.
        public static let defaultQueue = Topology.eventsExchange + ".legacy-command-bridge"

        /// The durable queue on the events exchange that the bridge consumes.
        public var queue: String
        /// The agents whose commands the bridge executes; empty for every agent.
        public var agents: [String]
        /// The table from `<agent>.<action>` to command types.
        public var mapping: LegacyCommandMapping
        /// The maximum number of legacy commands handled at once.
        public var prefetch: UInt16
        /// How long an idempotency key is remembered: 300 s, as the Python services did.
        public var idempotencyWindow: Duration
        /// How long to wait for the result of a command whose `ttl_ms` is 0 (never expires).
        public var timeoutWithoutTimeToLive: Duration

        /// Creates a configuration.
        public init(
            mapping: LegacyCommandMapping,
            queue: String = Configuration.defaultQueue,
            agents: [String] = [],
            prefetch: UInt16 = 16,
            idempotencyWindow: Duration = .seconds(300),
            timeoutWithoutTimeToLive: Duration = .seconds(300)
        ) {
            self.queue = queue
            self.agents = agents
            self.mapping = mapping
            self.prefetch = prefetch
            self.idempotencyWindow = idempotencyWindow
            self.timeoutWithoutTimeToLive = timeoutWithoutTimeToLive
        }

        /// The binding patterns of the bridge's queue: `command.#`, or
        /// `command.<agent>.#` for each agent.
        public var bindings: [String] {
            guard !agents.isEmpty else { return [LegacyRoutingKey.prefix + ".#"] }
            return agents.map { "\(LegacyRoutingKey.prefix).\($0).#" }
        }
    }

    typealias Window = IdempotencyWindow<String, LegacyOutcome, CheckedContinuation<IdempotencyResolution<LegacyOutcome>, Never>>

    /// The bridge's settings.
    public let configuration: Configuration
    let client: BloodbankClient
    let channel: AMQPChannel
    let loop: ConsumerLoop
    let logger: Logger
    let outcomes: Mutex<Window>

    private init(configuration: Configuration, client: BloodbankClient, channel: AMQPChannel, consumer: AMQPConsumer, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.channel = channel
        self.loop = ConsumerLoop(consumer: consumer, logger: logger)
        self.logger = logger
        self.outcomes = Mutex(Window(window: configuration.idempotencyWindow))
    }

    /// Declares the bridge's queue, binds it to ``Configuration/bindings`` on the events
    /// exchange, and starts consuming.
    ///
    /// - Throws: ``CommandError`` with code `invalidCommand` for an agent name that is
    ///   not one routing-key segment, or `connection` when declaring or consuming fails.
    public static func start(client: BloodbankClient, configuration: Configuration) async throws(CommandError) -> LegacyCommandBridge {
        let queue = configuration.queue
        for agent in configuration.agents where !Self.isSegment(agent) {
            throw CommandError(
                .invalidCommand,
                "the agent name '\(agent.prefix(40))' must be one routing-key segment, without dots, spaces or the wildcards * and #",
                commandType: LegacyCommand.envelopeType
            )
        }
        let channel: AMQPChannel
        do {
            channel = try await client.connection.openChannel()
        } catch {
            throw CommandError.amqp(error, "could not open a channel for the legacy command bridge", commandType: LegacyCommand.envelopeType)
        }
        let consumer: AMQPConsumer
        do {
            try await channel.exchangeDeclare(Topology.eventsExchange, type: "topic", durable: true)
            try await channel.queueDeclare(queue, durable: true)
            for pattern in configuration.bindings {
                try await channel.queueBind(queue: queue, exchange: Topology.eventsExchange, routingKey: pattern)
            }
            try await channel.basicQos(prefetchCount: max(configuration.prefetch, 1))
            consumer = try await channel.basicConsume(queue: queue)
        } catch {
            await channel.close()
            throw CommandError.amqp(error, "could not start the legacy command bridge on queue '\(queue)'", commandType: LegacyCommand.envelopeType)
        }
        let bridge = LegacyCommandBridge(configuration: configuration, client: client, channel: channel, consumer: consumer, logger: client.logger)
        bridge.loop.start { message in await bridge.process(message) }
        client.logger.info("legacy command bridge started", metadata: [LogKey.queue: queue])
        return bridge
    }

    private static func isSegment(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200 && !name.contains(where: { $0 == "." || $0 == "*" || $0 == "#" || $0.isWhitespace })
    }

    /// Stops taking commands, lets running ones finish for up to `timeout`, then cancels
    /// the rest, which the broker delivers again to the next bridge.
    public func stop(timeout: Duration = .seconds(30)) async {
        await loop.stop(timeout: timeout)
        await channel.close()
        logger.info("legacy command bridge stopped", metadata: [LogKey.queue: configuration.queue])
    }

    /// Waits until the bridge stops.
    ///
    /// - Throws: ``CommandError`` with code `connection` or `consumerCancelled` when
    ///   the consumer ended without ``stop(timeout:)``.
    public func wait() async throws(CommandError) {
        do {
            try await loop.wait()
        } catch {
            throw CommandError.amqp(error, "the legacy command bridge stopped consuming from queue '\(configuration.queue)'", commandType: LegacyCommand.envelopeType)
        }
    }
}
