#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex around a value, for the connection's state, which every publish, delivery and
/// confirm touches.
///
/// It has the shape of `Mutex` from Synchronization, but spins briefly before sleeping:
/// on Linux that `Mutex` is a priority-inheritance futex that enters the kernel on every
/// contended acquisition, and a profile of confirmed publishing from many tasks showed
/// those kernel round trips as the largest single cost.
///
/// `@unchecked Sendable` is safe because the value is only reached through ``withLock(_:)``
/// while the pthread mutex is held.
final class StateLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
        // Spins for a while before sleeping in the kernel.
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
