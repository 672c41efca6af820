/// The shared state of one ``Subscription``: its phase, concurrency slots and the
/// messages being processed. Kept in a `Mutex`; methods compute what to do, and callers
/// resume continuations after unlocking.
struct SubscriptionState {
    enum Phase {
        /// Created, `run` not called yet.
        case idle
        /// Consuming and handling.
        case running
        /// `cancel()` was called or `run`'s task was cancelled: no new handler starts.
        case stopping
        /// `run` returned.
        case stopped
    }

    let concurrency: Int
    private(set) var phase = Phase.idle
    private(set) var hasStarted = false
    /// Handlers running, including ones past their deadline that have not returned.
    private(set) var slotsInUse = 0
    /// The consuming loop, waiting for a free slot.
    private var slotWaiter: CheckedContinuation<Bool, Never>?
    /// Messages received and not yet settled, by job id.
    private(set) var jobs: [UInt64: JobControl] = [:]
    private var nextJobID: UInt64 = 0
    /// Events whose handler runs now, for de-duplication of concurrent redeliveries.
    private var eventsInProgress: Set<String> = []
    /// The task that cancels the consumer, once a stop was requested.
    var stopTask: Task<Void, Never>?

    init(concurrency: Int) {
        self.concurrency = concurrency
    }

    var isStopping: Bool {
        switch phase {
        case .idle, .running: false
        case .stopping, .stopped: true
        }
    }

    /// Whether the consuming loop waits for a slot.
    var hasSlotWaiter: Bool { slotWaiter != nil }

    /// Marks the subscription as started; returns false when `run` was called before.
    mutating func start() -> Bool {
        guard !hasStarted else { return false }
        hasStarted = true
        switch phase {
        case .idle: phase = .running
        case .running, .stopping, .stopped: break
        }
        return true
    }

    /// Enters the stopping phase and returns the slot waiter to resume with `false`.
    mutating func stopRequested() -> CheckedContinuation<Bool, Never>? {
        switch phase {
        case .idle, .running: phase = .stopping
        case .stopping, .stopped: break
        }
        defer { slotWaiter = nil }
        return slotWaiter
    }

    mutating func stopped() {
        phase = .stopped
    }

    /// Takes a slot: returns true when one is free, false when stopping, and nil after
    /// storing `waiter` to be resumed by ``releaseSlot()`` or ``stopRequested()``.
    mutating func acquireSlot(_ waiter: CheckedContinuation<Bool, Never>) -> Bool? {
        if isStopping { return false }
        if slotsInUse < concurrency {
            slotsInUse += 1
            return true
        }
        slotWaiter = waiter
        return nil
    }

    /// Frees a slot, or hands it straight to the waiting loop, which is then returned.
    mutating func releaseSlot() -> CheckedContinuation<Bool, Never>? {
        if let waiter = slotWaiter, !isStopping {
            slotWaiter = nil
            return waiter
        }
        slotsInUse -= 1
        return nil
    }

    mutating func addJob() -> (UInt64, JobControl) {
        nextJobID += 1
        let control = JobControl()
        jobs[nextJobID] = control
        return (nextJobID, control)
    }

    mutating func removeJob(_ id: UInt64) {
        jobs[id] = nil
    }

    /// Claims `eventID` for one handler; false while another handler runs for it.
    mutating func claimEvent(_ eventID: String) -> Bool {
        eventsInProgress.insert(eventID).inserted
    }

    mutating func releaseEvent(_ eventID: String) {
        eventsInProgress.remove(eventID)
    }
}
