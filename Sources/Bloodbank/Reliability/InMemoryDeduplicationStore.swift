import Synchronization

/// A ``DeduplicationStore`` in process memory: fast, and forgotten when the process exits.
///
/// It keeps ids for `window` and at most `capacity` of them, forgetting the oldest first.
/// Use ``SQLiteDeduplicationStore`` when duplicates across restarts matter.
public final class InMemoryDeduplicationStore: DeduplicationStore {
    private struct State {
        var handledAt: [String: ContinuousClock.Instant] = [:]
        var order: [(key: String, at: ContinuousClock.Instant)] = []
        var orderStart = 0
    }

    /// How long an id is remembered.
    public let window: Duration
    /// The maximum number of ids remembered at once.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty store.
    public init(window: Duration = .seconds(3600), capacity: Int = 100_000) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    public func contains(_ eventID: String, scope: String) async throws(BloodbankError) -> Bool {
        let key = scope + "\u{0}" + eventID
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let at = state.handledAt[key] else { return false }
            return now - at < window
        }
    }

    public func insert(_ eventID: String, scope: String) async throws(BloodbankError) {
        let key = scope + "\u{0}" + eventID
        let now = ContinuousClock.now
        state.withLock { state in
            state.handledAt[key] = now
            state.order.append((key, now))
            evict(&state, now: now)
        }
    }

    private func evict(_ state: inout State, now: ContinuousClock.Instant) {
        while state.orderStart < state.order.count {
            let oldest = state.order[state.orderStart]
            let expired = now - oldest.at >= window
            guard expired || state.handledAt.count > capacity else { break }
            if state.handledAt[oldest.key] == oldest.at {
                state.handledAt[oldest.key] = nil
            }
            state.orderStart += 1
        }
        // Compacts the order list once most of it is consumed.
        if state.orderStart > 1_024, state.orderStart * 2 > state.order.count {
            state.order.removeFirst(state.orderStart)
            state.orderStart = 0
        }
    }
}
