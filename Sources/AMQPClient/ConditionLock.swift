#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex with one condition variable, for the connection's I/O threads.
///
/// `Mutex` from Synchronization has no condition variable, and the writer thread must
/// sleep until there are bytes to send or a heartbeat is due. This is the only place
/// that uses pthread synchronisation directly.
///
/// `@unchecked Sendable` is safe because the mutex and condition live in heap memory
/// allocated once and never moved, and every access goes through the pthread calls.
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        var mutexAttributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&mutexAttributes)
        #if canImport(Glibc)
        // Spins briefly before sleeping: publishers hold it only to append bytes.
        pthread_mutexattr_settype(&mutexAttributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &mutexAttributes)
        pthread_mutexattr_destroy(&mutexAttributes)
        #if canImport(Glibc)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        #else
        pthread_cond_init(condition, nil)
        #endif
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits until signalled or until `timeoutNanoseconds` have passed. The lock must be
    /// held; it is held again when this returns.
    func wait(timeoutNanoseconds: UInt64?) {
        guard let timeoutNanoseconds else {
            pthread_cond_wait(condition, mutex)
            return
        }
        #if canImport(Glibc)
        let deadline = MonotonicClock.nanoseconds() &+ timeoutNanoseconds
        var time = timespec(
            tv_sec: Int(deadline / 1_000_000_000),
            tv_nsec: Int(deadline % 1_000_000_000)
        )
        pthread_cond_timedwait(condition, mutex, &time)
        #else
        var time = timespec(
            tv_sec: Int(timeoutNanoseconds / 1_000_000_000),
            tv_nsec: Int(timeoutNanoseconds % 1_000_000_000)
        )
        pthread_cond_timedwait_relative_np(condition, mutex, &time)
        #endif
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// Reads `CLOCK_MONOTONIC`, which never jumps when the wall clock is set.
package enum MonotonicClock {
    package static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
