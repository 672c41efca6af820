import Synchronization

/// The outcome of one handler attempt.
enum HandlerOutcome: Sendable {
    case succeeded
    case failed(any Error)
    /// The attempt ran past ``SubscriptionOptions/handlerTimeout``.
    case timedOut
    /// The subscription's shutdown grace period ended while the attempt ran.
    case abandoned
}

/// The stop control of one message being processed: lets a stopping subscription abandon
/// the handler attempt that runs for it.
final class JobControl: Sendable {
    private struct State {
        var aborted = false
        var race: HandlerRace?
    }

    private let state = Mutex(State())

    /// Abandons the current and every later handler attempt of this job.
    func abort() {
        let race = state.withLock { state -> HandlerRace? in
            state.aborted = true
            return state.race
        }
        race?.finish(.abandoned)
    }

    /// Makes `race` the current attempt; returns false when the job was aborted.
    func attach(_ race: HandlerRace) -> Bool {
        state.withLock { state in
            guard !state.aborted else { return false }
            state.race = race
            return true
        }
    }
}

/// The first of a handler's result, its deadline and a shutdown abort; later ones are ignored.
final class HandlerRace: Sendable {
    private struct State {
        var outcome: HandlerOutcome?
        var waiter: CheckedContinuation<HandlerOutcome, Never>?
    }

    private let state = Mutex(State())

    func finish(_ outcome: HandlerOutcome) {
        let waiter = state.withLock { state -> CheckedContinuation<HandlerOutcome, Never>? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: outcome)
    }

    func wait() async -> HandlerOutcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> HandlerOutcome? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
