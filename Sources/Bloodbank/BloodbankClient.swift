public import AMQPClient
import AMQPWire
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection to the Bloodbank event bus: publishes events and creates subscriptions.
///
/// ```swift
/// let client = try await BloodbankClient.connect(url: "amqp://user:password@localhost/%2F")
/// try await client.publish(FirefliesTranscriptReady(...))
/// let subscription = try await client.subscribe(queue: .temporary, bindings: ["fireflies.#"])
/// try await subscription.run(as: FirefliesTranscriptReady.self) { event in ... }
/// await client.close()
/// ```
public final class BloodbankClient: Sendable {
    /// The AMQP connection underneath, for operations Bloodbank does not wrap.
    public let connection: AMQPConnection
    /// Publishes events with confirms.
    public let publisher: Publisher
    let logger: Logger
    /// The relay of the client's outbox, cancelled by ``close()``.
    private let outboxRelay: Task<Void, Never>?

    private init(connection: AMQPConnection, source: EventSource, logger: Logger, outbox: Outbox?) {
        self.connection = connection
        self.logger = logger
        let publisher = Publisher(connection: connection, defaultSource: source, logger: logger)
        self.publisher = publisher
        if let outbox {
            publisher.outbox.withLock { $0 = outbox }
            outboxRelay = Task { await outbox.relay(through: publisher) }
        } else {
            outboxRelay = nil
        }
    }

    /// Connects to the broker at `url` (`amqp://user:password@host:port/vhost`).
    ///
    /// - Parameters:
    ///   - source: Filled into events published without one; by default this machine's
    ///     host name with trigger type `service`.
    ///   - outbox: Enables `publish(..., via: .outbox)` and relays the outbox's stored
    ///     events, including those left by an earlier run, until ``close()``.
    public static func connect(
        url: String,
        source: EventSource? = nil,
        logger: Logger = .disabled,
        outbox: Outbox? = nil
    ) async throws(BloodbankError) -> BloodbankClient {
        let configuration: AMQPConfiguration
        do {
            configuration = try AMQPConfiguration(url: url)
        } catch {
            throw BloodbankError.amqp(error, "the broker URL is invalid")
        }
        return try await connect(configuration: configuration, source: source, logger: logger, outbox: outbox)
    }

    /// Connects with an explicit configuration.
    public static func connect(
        configuration: AMQPConfiguration,
        source: EventSource? = nil,
        logger: Logger = .disabled,
        outbox: Outbox? = nil
    ) async throws(BloodbankError) -> BloodbankClient {
        let connection: AMQPConnection
        do {
            connection = try await AMQPConnection.connect(configuration, logger: logger)
        } catch {
            throw BloodbankError.amqp(error, "could not connect to \(configuration.redactedURL)")
        }
        let source = source ?? EventSource(host: Self.localHostName(), type: .service)
        return BloodbankClient(connection: connection, source: source, logger: logger, outbox: outbox)
    }

    /// Publishes a typed event; see ``Publisher/publish(_:correlationIDs:eventID:source:timeout:)``.
    @discardableResult
    public func publish<P: EventPayload>(
        _ payload: P,
        correlationIDs: [UUID] = [],
        eventID: UUID = .randomVersion4(),
        source: EventSource? = nil,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(BloodbankError) -> EventEnvelope {
        try await publisher.publish(payload, correlationIDs: correlationIDs, eventID: eventID, source: source, timeout: timeout)
    }

    /// Declares a queue, binds it to `bloodbank.events.v1` with each pattern, and starts
    /// consuming with manual acknowledgements. Events published after this returns reach
    /// the subscription.
    ///
    /// For a durable queue it also declares the delay queues and the dead-letter queue of
    /// ``SubscriptionOptions/retry`` (see ``RetryTopology``). A temporary queue gets an
    /// `x-max-length` of ``SubscriptionOptions/temporaryQueueMaxLength``.
    ///
    /// - Parameters:
    ///   - bindings: Routing-key patterns such as `fireflies.transcript.*` or `agent.#`.
    ///   - prefetch: How many unacknowledged messages the broker sends ahead (`basic.qos`).
    ///     Keep it at least ``SubscriptionOptions/concurrency``, or handlers wait for messages.
    ///   - options: Retries, concurrency, handler deadline, shutdown and de-duplication.
    /// - Throws: ``BloodbankError`` with code `connection` when a declaration fails, for
    ///   example with 406 when a delay queue exists with another TTL.
    public func subscribe(
        queue: SubscriptionQueue,
        bindings: [String],
        prefetch: UInt16 = 10,
        options: SubscriptionOptions = SubscriptionOptions()
    ) async throws(BloodbankError) -> Subscription {
        guard !bindings.isEmpty else {
            throw BloodbankError(.invalidEventType, "a subscription needs at least one binding pattern, such as 'fireflies.#'")
        }
        for pattern in bindings where pattern.isEmpty || pattern.utf8.count > 255 {
            throw BloodbankError(.invalidEventType, "the binding pattern '\(pattern.prefix(40))' must be 1 to 255 bytes long")
        }
        do {
            let channel = try await connection.openChannel()
            try await channel.exchangeDeclare(Topology.eventsExchange, type: "topic", durable: true)
            let declared: AMQPMethod.Queue.DeclareOk
            var retryTopology: RetryTopology?
            switch queue {
            case .durable(let name):
                let topology = RetryTopology(queue: name, policy: options.retry)
                try await topology.declare(on: channel)
                retryTopology = topology
                declared = try await channel.queueDeclare(name, durable: true)
            case .temporary:
                declared = try await channel.queueDeclare(
                    "",
                    durable: false,
                    exclusive: true,
                    autoDelete: true,
                    arguments: ["x-max-length": .int64(Int64(options.temporaryQueueMaxLength))]
                )
            }
            for pattern in bindings {
                try await channel.queueBind(queue: declared.queue, exchange: Topology.eventsExchange, routingKey: pattern)
            }
            try await channel.basicQos(prefetchCount: prefetch)
            let consumer = try await channel.basicConsume(queue: declared.queue)
            logger.debug("subscription started", metadata: [LogKey.queue: declared.queue])
            return Subscription(
                queue: declared.queue,
                bindings: bindings,
                options: options,
                retryTopology: retryTopology,
                consumer: consumer,
                logger: logger
            )
        } catch {
            throw BloodbankError.amqp(error, "could not subscribe to \(bindings.joined(separator: ", "))")
        }
    }

    /// Publishes a typed event directly or through the outbox; see
    /// ``Publisher/publish(_:correlationIDs:eventID:source:via:timeout:)``.
    @discardableResult
    public func publish<P: EventPayload>(
        _ payload: P,
        correlationIDs: [UUID] = [],
        eventID: UUID = .randomVersion4(),
        source: EventSource? = nil,
        via route: PublishRoute,
        timeout: Duration = Topology.defaultPublishTimeout
    ) async throws(BloodbankError) -> EventEnvelope {
        try await publisher.publish(payload, correlationIDs: correlationIDs, eventID: eventID, source: source, via: route, timeout: timeout)
    }

    /// Stops the outbox relay after its current publish, then closes the publishing
    /// channel and the connection. Events still in the outbox stay in its file for the
    /// next run.
    public func close() async {
        if let outboxRelay {
            outboxRelay.cancel()
            await outboxRelay.value
        }
        await publisher.close()
        await connection.close()
    }

    /// Returns this machine's host name, the default `source.host`.
    public static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
