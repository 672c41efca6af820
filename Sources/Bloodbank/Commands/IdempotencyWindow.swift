/// The outcomes of recently executed commands, so that a command delivered again
/// within the window gets its reply from memory instead of being executed twice.
///
/// A plain state machine without locks or clocks: the owner keeps it in a `Mutex`,
/// passes the current instant in, and resumes the returned waiters after unlocking.
/// A key is *running* from ``begin(_:now:)`` until ``finish(_:outcome:remember:now:)``
/// or ``abandon(_:)``; a second delivery of a running key waits for the first. A
/// finished key is remembered for ``window`` when `remember` is true. At most
/// ``maximumCount`` finished keys are kept, and the oldest are forgotten first, so
/// memory stays bounded under any load.
struct IdempotencyWindow<Key: Hashable, Outcome, Waiter> {
    typealias Decision = IdempotencyDecision<Outcome>
    typealias Resolution = IdempotencyResolution<Outcome>

    private enum Entry {
        case running([Waiter])
        case finished(Outcome, expiresAt: ContinuousClock.Instant)
    }

    /// How long a finished outcome is remembered.
    let window: Duration
    /// The most finished outcomes remembered at once.
    let maximumCount: Int

    private var entries: [Key: Entry] = [:]
    /// Finished keys in the order they expire, each with the expiry it was recorded with.
    /// A key finished again later has a newer item, so the stale one is skipped.
    private var expiries: [(key: Key, expiresAt: ContinuousClock.Instant)] = []
    private var expiriesStart = 0
    private var finishedCount = 0

    init(window: Duration, maximumCount: Int = 100_000) {
        self.window = window
        self.maximumCount = max(1, maximumCount)
    }

    /// The number of keys running or remembered.
    var count: Int { entries.count }

    /// Decides what to do with a delivery of `key`, and marks the key running when the
    /// decision is ``Decision/execute``.
    mutating func begin(_ key: Key, now: ContinuousClock.Instant) -> Decision {
        prune(now: now)
        switch entries[key] {
        case .none:
            entries[key] = .running([])
            return .execute
        case .running:
            return .wait
        case .finished(let outcome, _):
            return .replay(outcome)
        }
    }

    /// Registers a waiter for a running key; returns the resolution at once when the
    /// key is no longer running.
    mutating func addWaiter(_ waiter: Waiter, for key: Key) -> Resolution? {
        switch entries[key] {
        case .none:
            return .retry
        case .running(var waiters):
            waiters.append(waiter)
            entries[key] = .running(waiters)
            return nil
        case .finished(let outcome, _):
            return .replay(outcome)
        }
    }

    /// Ends the running key with `outcome`, remembers it for ``window`` when `remember`
    /// is true, and returns the waiters to resume with ``Resolution/replay(_:)``.
    mutating func finish(_ key: Key, outcome: Outcome, remember: Bool, now: ContinuousClock.Instant) -> [Waiter] {
        let waiters = takeWaiters(key)
        if remember {
            let expiresAt = now.advanced(by: window)
            if case .finished = entries[key] {} else { finishedCount += 1 }
            entries[key] = .finished(outcome, expiresAt: expiresAt)
            expiries.append((key, expiresAt))
            evictBeyondMaximum()
        } else {
            forgetIfFinished(key)
            entries[key] = nil
        }
        return waiters
    }

    /// Ends the running key without an outcome, so that the next delivery executes it,
    /// and returns the waiters to resume with ``Resolution/retry``.
    mutating func abandon(_ key: Key) -> [Waiter] {
        let waiters = takeWaiters(key)
        if case .running = entries[key] {
            entries[key] = nil
        }
        return waiters
    }

    /// Changes the remembered outcome of `key`, if there is one.
    mutating func updateOutcome(of key: Key, _ change: (inout Outcome) -> Void) {
        guard case .finished(var outcome, let expiresAt) = entries[key] else { return }
        change(&outcome)
        entries[key] = .finished(outcome, expiresAt: expiresAt)
    }

    /// Forgets every outcome whose window ended at or before `now`.
    mutating func prune(now: ContinuousClock.Instant) {
        while expiriesStart < expiries.count, expiries[expiriesStart].expiresAt <= now {
            removeOldestExpiry()
        }
        compactExpiries()
    }

    private mutating func takeWaiters(_ key: Key) -> [Waiter] {
        guard case .running(let waiters) = entries[key] else { return [] }
        return waiters
    }

    private mutating func forgetIfFinished(_ key: Key) {
        if case .finished = entries[key] {
            finishedCount -= 1
        }
    }

    /// Removes the item at the front of ``expiries`` and, unless the key was finished
    /// again since, its entry.
    private mutating func removeOldestExpiry() {
        let oldest = expiries[expiriesStart]
        expiriesStart += 1
        if case .finished(_, let expiresAt) = entries[oldest.key], expiresAt == oldest.expiresAt {
            entries[oldest.key] = nil
            finishedCount -= 1
        }
    }

    private mutating func evictBeyondMaximum() {
        while finishedCount > maximumCount, expiriesStart < expiries.count {
            removeOldestExpiry()
        }
        compactExpiries()
    }

    /// Drops consumed items once they make up half of ``expiries``, so the array does
    /// not grow without bound.
    private mutating func compactExpiries() {
        if expiriesStart > 64, expiriesStart * 2 >= expiries.count {
            expiries.removeFirst(expiriesStart)
            expiriesStart = 0
        }
    }
}

/// The action for a delivery, as ``IdempotencyWindow/begin(_:now:)`` decides it.
enum IdempotencyDecision<Outcome> {
    /// Execute it: no delivery of the key is running or remembered.
    case execute
    /// Another delivery of the key is running; wait with ``IdempotencyWindow/addWaiter(_:for:)``.
    case wait
    /// The key finished within the window with this outcome.
    case replay(Outcome)
}

/// The outcome a waiting delivery receives when the running delivery of its key ends.
enum IdempotencyResolution<Outcome> {
    /// The running delivery finished with this outcome.
    case replay(Outcome)
    /// The running delivery was abandoned; call ``IdempotencyWindow/begin(_:now:)`` again.
    case retry
}

extension IdempotencyResolution: Sendable where Outcome: Sendable {}
extension IdempotencyDecision: Sendable where Outcome: Sendable {}
