import Synchronization

/// The operation given to ``withTimeLimit(_:_:)`` did not finish in time.
struct TimeLimitExceeded: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "the operation did not finish within \(limit)" }
}

/// Runs `operation` and returns its result, or throws ``TimeLimitExceeded`` once `limit`
/// has passed.
///
/// Unlike a task group, this returns at the limit even when the operation ignores
/// cancellation (such as `AMQPConnection.waitUntilClosed()`): the operation is cancelled
/// and left to finish in the background, which it does once the test closes its
/// connection and broker.
@discardableResult
func withTimeLimit<T: Sendable>(
    _ limit: Duration,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let slot = ResultSlot<T>()
    let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
        slot.install(continuation)
        let work = Task {
            do {
                slot.fill(.success(try await operation()))
            } catch {
                slot.fill(.failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: limit)
            if slot.fill(.failure(TimeLimitExceeded(limit: limit))) {
                work.cancel()
            }
        }
    }
    return try result.get()
}

/// Resumes a continuation with the first result it is given and ignores later ones.
private final class ResultSlot<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Result<T, any Error>, Never>?>(nil)

    func install(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    /// Returns whether this call resumed the continuation.
    @discardableResult
    func fill(_ result: Result<T, any Error>) -> Bool {
        let waiting = continuation.withLock { stored in
            let waiting = stored
            stored = nil
            return waiting
        }
        waiting?.resume(returning: result)
        return waiting != nil
    }
}
