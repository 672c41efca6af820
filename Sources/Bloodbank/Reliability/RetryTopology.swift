public import AMQPClient
import AMQPWire

/// The broker queues that carry one subscription's retries and dead letters.
///
/// For a subscription queue `orders` and the default policy:
///
///     orders.retry.5s    x-message-ttl 5000,   dead-letters to "" with routing key "orders"
///     orders.retry.30s   x-message-ttl 30000,  dead-letters to "" with routing key "orders"
///     orders.retry.5m    x-message-ttl 300000, dead-letters to "" with routing key "orders"
///     orders.dlq         dead letters, kept until replayed or purged
///
/// Each delay has its own queue with a per-queue TTL, so a message never waits behind one
/// with a longer delay, and expired messages return through the default exchange
/// straight to the subscription queue. This needs no plugin and works on RabbitMQ 3.10
/// and 4.x. All of them are durable classic queues.
public struct RetryTopology: Sendable, Hashable {
    /// The subscription queue that messages return to.
    public var queue: String
    /// The delay queues, in ladder order, one per distinct delay.
    public var delayQueues: [DelayQueue]

    /// One delay queue: its name and its per-queue message TTL.
    public struct DelayQueue: Sendable, Hashable {
        /// The queue name, such as `orders.retry.30s`.
        public var name: String
        /// The `x-message-ttl` in milliseconds.
        public var milliseconds: Int64
    }

    /// Creates the topology of `queue` under `policy`.
    public init(queue: String, policy: RetryPolicy) {
        self.queue = queue
        self.delayQueues = []
        var seen: Set<Int64> = []
        for milliseconds in policy.delayMilliseconds where seen.insert(milliseconds).inserted {
            delayQueues.append(DelayQueue(name: Self.delayQueueName(queue: queue, milliseconds: milliseconds), milliseconds: milliseconds))
        }
    }

    /// Returns the dead-letter queue name of `queue`: `<queue>.dlq`.
    public static func deadLetterQueueName(queue: String) -> String {
        queue + ".dlq"
    }

    /// The dead-letter queue of this subscription.
    public var deadLetterQueue: String {
        Self.deadLetterQueueName(queue: queue)
    }

    /// Returns the delay queue name for a delay of `milliseconds`: `<queue>.retry.<delay>`,
    /// with the delay written in the largest unit that divides it (`500ms`, `5s`, `5m`, `2h`).
    public static func delayQueueName(queue: String, milliseconds: Int64) -> String {
        "\(queue).retry.\(label(milliseconds: milliseconds))"
    }

    /// Returns the name of the delay queue that receives messages waiting `delay`.
    func delayQueueName(for delay: Duration) -> String {
        Self.delayQueueName(queue: queue, milliseconds: RetryPolicy.milliseconds(delay))
    }

    static func label(milliseconds: Int64) -> String {
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1_000 == 0 { return "\(milliseconds / 1_000)s" }
        return "\(milliseconds)ms"
    }

    /// Returns the arguments of a delay queue: its TTL and dead-lettering back to the
    /// subscription queue through the default exchange.
    func delayQueueArguments(milliseconds: Int64) -> AMQPFieldTable {
        [
            "x-message-ttl": .int64(milliseconds),
            "x-dead-letter-exchange": .string(""),
            "x-dead-letter-routing-key": .string(queue),
        ]
    }

    /// Declares the delay queues and the dead-letter queue on `channel`; declaring them
    /// again with the same settings does nothing.
    ///
    /// - Throws: `channelClosed` with reply code 406 when a delay queue exists with another
    ///   TTL or dead-letter target. Delete that queue, which contains only messages waiting
    ///   for a retry, or keep the old delays.
    public func declare(on channel: AMQPChannel) async throws(AMQPClientError) {
        for delayQueue in delayQueues {
            try await channel.queueDeclare(
                delayQueue.name,
                durable: true,
                arguments: delayQueueArguments(milliseconds: delayQueue.milliseconds)
            )
        }
        try await channel.queueDeclare(deadLetterQueue, durable: true)
    }
}
