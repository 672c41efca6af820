import Synchronization

/// The deadlines of a subscription's running handler attempts, watched by at most one
/// sleeping task.
///
/// A timer task per attempt would cost memory for every message until its deadline: a
/// `Task.sleep` that is cancelled after it started keeps its timer and task, about
/// 0.7 KB, until the deadline passes (measured with Swift 6.3.1 on Linux). With the
/// default 5-minute ``SubscriptionOptions/handlerTimeout`` that is 5 minutes' worth of
/// messages. Here an attempt registers its deadline and unregisters when it ends, so
/// the entries never outnumber the attempts in flight, and one sleep is pending at a
/// time.
///
/// Every deadline is registration time plus the same timeout on the monotonic clock, so
/// a new deadline is never earlier than the one the watcher sleeps until: the watcher
/// never has to be woken early.
final class SubscriptionDeadlines: Sendable {
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let race: HandlerRace
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        /// The deadline the watcher task sleeps until, or `nil` while no watcher runs.
        var watchedDeadline: ContinuousClock.Instant?
        var watcher: Task<Void, Never>?
        var sleepsStarted = 0
        var stopped = false
    }

    /// How long an attempt may run.
    let timeout: Duration
    private let state = Mutex(State())

    init(timeout: Duration) {
        self.timeout = timeout
    }

    /// The attempts registered and not yet ended or timed out.
    var pendingCount: Int { state.withLock { $0.entries.count } }

    /// The sleeps the watcher started so far: one per timeout period while attempts run,
    /// however many attempts there were.
    var sleepsStarted: Int { state.withLock { $0.sleepsStarted } }

    /// Finishes `race` with ``HandlerOutcome/timedOut`` once ``timeout`` has passed,
    /// unless ``unregister(_:)`` comes first. Returns the id to unregister with.
    func register(_ race: HandlerRace) -> UInt64 {
        let deadline = ContinuousClock.now + timeout
        return state.withLock { state in
            state.nextID += 1
            state.entries[state.nextID] = Entry(deadline: deadline, race: race)
            if state.watchedDeadline == nil, !state.stopped {
                state.watchedDeadline = deadline
                state.sleepsStarted += 1
                state.watcher = Task { await self.watch(until: deadline) }
            }
            return state.nextID
        }
    }

    /// Forgets an attempt that ended. An attempt that timed out was removed already.
    func unregister(_ id: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Stops the watcher. Attempts registered after this never time out.
    func stop() {
        let watcher = state.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            state.watchedDeadline = nil
            defer { state.watcher = nil }
            return state.watcher
        }
        watcher?.cancel()
    }

    /// Sleeps until the earliest deadline, times out the attempts past theirs, and goes
    /// on while attempts remain.
    private func watch(until first: ContinuousClock.Instant) async {
        var deadline = first
        while true {
            try? await Task.sleep(until: deadline, clock: .continuous)
            if Task.isCancelled { return }
            let (expired, next) = takeExpired()
            for race in expired {
                race.finish(.timedOut)
            }
            guard let next else { return }
            deadline = next
        }
    }

    /// Removes the entries past their deadline and returns their races with the earliest
    /// remaining deadline. A `nil` deadline ends the watcher, and the next
    /// ``register(_:)`` starts another.
    private func takeExpired() -> ([HandlerRace], ContinuousClock.Instant?) {
        let now = ContinuousClock.now
        return state.withLock { state in
            var expiredIDs: [UInt64] = []
            var next: ContinuousClock.Instant?
            for (id, entry) in state.entries {
                if entry.deadline <= now {
                    expiredIDs.append(id)
                } else if next.map({ entry.deadline < $0 }) ?? true {
                    next = entry.deadline
                }
            }
            let expired = expiredIDs.compactMap { state.entries.removeValue(forKey: $0)?.race }
            if state.stopped { next = nil }
            state.watchedDeadline = next
            if next == nil {
                state.watcher = nil
            } else {
                state.sleepsStarted += 1
            }
            return (expired, next)
        }
    }
}
