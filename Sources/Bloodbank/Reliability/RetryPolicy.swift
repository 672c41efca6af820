/// How a subscription retries an event whose handler failed, before dead-lettering it.
///
/// Each delivery runs the handler up to `1 + immediateRetries` times in the process. When
/// every try fails, the message is republished to the delay queue of the next entry of
/// ``delays`` and comes back to the subscription queue when that delay has passed, for
/// another round of tries. After the last round it goes to the dead-letter queue. So the
/// handler runs at most ``maximumAttempts`` times: with the defaults (2 immediate
/// retries; delays of 5 s, 30 s and 5 min) that is 3 × 4 = 12 attempts over about 5.6
/// minutes.
///
/// Delayed retries and dead-lettering need a durable subscription queue. A
/// ``SubscriptionQueue/temporary`` queue gets the immediate retries only, because broker
/// queues tied to it would vanish with it.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries of the handler in the process right after a failure, per delivery.
    public var immediateRetries: Int
    /// The waits before each delayed redelivery, each in its own delay queue named after
    /// it (for example `orders.retry.30s`). Whole milliseconds, at least 1 ms.
    public var delays: [Duration]

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - immediateRetries: In-process retries per delivery; negative values count as 0.
    ///   - delays: Delayed redeliveries, in order; empty for none.
    public init(immediateRetries: Int = 2, delays: [Duration] = [.seconds(5), .seconds(30), .seconds(300)]) {
        self.immediateRetries = max(0, immediateRetries)
        self.delays = delays
    }

    /// The default ladder: 2 immediate retries, then delays of 5 s, 30 s and 5 min.
    public static let standard = RetryPolicy()

    /// No retries: the first failure dead-letters the message.
    public static let none = RetryPolicy(immediateRetries: 0, delays: [])

    /// Handler runs per delivery: the first try plus the immediate retries.
    public var attemptsPerDelivery: Int { 1 + immediateRetries }

    /// The maximum number of handler runs for one message before it is dead-lettered.
    public var maximumAttempts: Int { attemptsPerDelivery * (delays.count + 1) }

    /// Returns the delay of the redelivery that follows `completedRetries` earlier delayed
    /// redeliveries, or `nil` when the ladder is exhausted.
    func delay(afterDelayedRetries completedRetries: Int) -> Duration? {
        guard completedRetries >= 0, completedRetries < delays.count else { return nil }
        return delays[completedRetries]
    }

    /// The delays rounded to whole milliseconds, at least 1 ms each, as queue TTLs.
    var delayMilliseconds: [Int64] {
        delays.map { Self.milliseconds($0) }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return max(1, total)
    }
}
