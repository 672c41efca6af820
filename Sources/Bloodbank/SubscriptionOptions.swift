/// How a subscription retries, limits and stops its handlers.
///
/// The defaults suit a service that handles one event at a time. A failed event gets 2
/// immediate retries, then delays of 5 s, 30 s and 5 min before the dead-letter queue.
/// A handler may run 5 minutes, well below RabbitMQ's default 30-minute consumer timeout
/// after which the broker closes the channel. Handlers in flight get 30 s on shutdown.
public struct SubscriptionOptions: Sendable {
    /// The retry ladder; see ``RetryPolicy``.
    public var retry: RetryPolicy
    /// The maximum number of handlers that run at once, at least 1. It is independent of
    /// the prefetch count, which only bounds how many messages wait in the process.
    public var concurrency: Int
    /// How long one handler attempt may run. A handler past it is cancelled, its attempt
    /// counts as failed with error type `timeout`, and the message goes on to its next
    /// delayed retry (or the dead-letter queue) without immediate retries. A handler that
    /// ignores cancellation keeps its concurrency slot until it returns.
    public var handlerTimeout: Duration
    /// How long a stopping subscription waits for handlers in flight before it returns
    /// their messages to the queue.
    public var shutdownGracePeriod: Duration
    /// Skips events whose id was handled before, within the store's window; `nil` handles
    /// every delivery.
    public var deduplication: (any DeduplicationStore)?
    /// `x-max-length` of a ``SubscriptionQueue/temporary`` queue: past it the broker drops
    /// the oldest messages, so an abandoned watcher cannot fill the broker.
    public var temporaryQueueMaxLength: Int
    /// How long a republish to a delay queue or the dead-letter queue waits for the
    /// broker's confirm before the message is returned to the queue instead.
    public var republishTimeout: Duration

    /// Creates options; every parameter has the default described on the type.
    public init(
        retry: RetryPolicy = .standard,
        concurrency: Int = 1,
        handlerTimeout: Duration = .seconds(300),
        shutdownGracePeriod: Duration = .seconds(30),
        deduplication: (any DeduplicationStore)? = nil,
        temporaryQueueMaxLength: Int = 10_000,
        republishTimeout: Duration = .seconds(10)
    ) {
        self.retry = retry
        self.concurrency = max(1, concurrency)
        self.handlerTimeout = handlerTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.deduplication = deduplication
        self.temporaryQueueMaxLength = max(1, temporaryQueueMaxLength)
        self.republishTimeout = republishTimeout
    }
}
