import AMQPWire

/// Owns the writing side of the socket: a buffer of encoded frames and the thread that
/// sends them, plus heartbeats when nothing else was sent.
///
/// Producers append whole frames (a publish's method, header and body frames together)
/// under the lock; the writer thread swaps the buffer out and sends it with one
/// `send(2)` loop, so many small publishes leave in one system call.
///
/// `@unchecked Sendable` is safe because every mutable field is read and written only
/// while `condition` is locked.
final class FrameWriter: @unchecked Sendable {
    private let condition = ConditionLock()
    private var pending: [UInt8] = []
    private var spare: [UInt8] = []
    private var isStopped = false
    private var heartbeatNanoseconds: UInt64 = 0
    private var lastWrite: UInt64 = MonotonicClock.nanoseconds()
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var failure: String?

    /// Above this many buffered bytes, publishers without confirms wait for the socket.
    let highWatermark = 4 * 1024 * 1024

    /// Appends encoded frames. Returns `false` when the writer has stopped.
    @discardableResult
    func enqueue(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopped else { return false }
        let wasEmpty = pending.isEmpty
        pending.append(contentsOf: bytes)
        if wasEmpty { condition.signal() }
        return true
    }

    /// Appends one frame, encoding it into the buffer directly.
    @discardableResult
    func enqueue(_ frame: AMQPFrame) throws(AMQPWireError) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopped else { return false }
        let wasEmpty = pending.isEmpty
        try AMQPFrameEncoder.append(frame, to: &pending)
        if wasEmpty { condition.signal() }
        return true
    }

    /// Whether the buffer contains more than ``highWatermark`` bytes.
    var isAboveHighWatermark: Bool {
        condition.withLock { pending.count > highWatermark }
    }

    /// Waits until the buffer drops below the high watermark or the writer stops.
    func waitForDrain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if pending.count <= highWatermark || isStopped {
                condition.unlock()
                continuation.resume()
                return
            }
            drainWaiters.append(continuation)
            condition.unlock()
        }
    }

    /// Starts sending heartbeats every `seconds / 2` of write silence; 0 disables them.
    func setHeartbeat(seconds: UInt16) {
        condition.withLock {
            heartbeatNanoseconds = UInt64(seconds) * 1_000_000_000
            condition.signal()
        }
    }

    /// Stops the thread after it has sent what is buffered.
    func stop() {
        condition.withLock {
            isStopped = true
            condition.signal()
        }
    }

    /// Sends buffered frames until stopped or until the socket fails; runs on the writer
    /// thread. Returns the socket error, if any.
    func run(transport: SocketTransport) -> String? {
        condition.lock()
        while true {
            if pending.isEmpty {
                if isStopped { break }
                if heartbeatNanoseconds > 0 {
                    let now = MonotonicClock.nanoseconds()
                    let halfInterval = heartbeatNanoseconds / 2
                    let idle = now &- lastWrite
                    if idle >= halfInterval {
                        // Section 4.2.7: a heartbeat frame when nothing else was sent for a while.
                        pending.append(contentsOf: [AMQPConstants.frameHeartbeat, 0, 0, 0, 0, 0, 0, AMQPConstants.frameEnd])
                    } else {
                        condition.wait(timeoutNanoseconds: halfInterval - idle)
                        continue
                    }
                } else {
                    condition.wait(timeoutNanoseconds: nil)
                    continue
                }
            }

            swap(&pending, &spare)
            condition.unlock()
            let error = spare.withUnsafeBytes { transport.writeAll($0) }
            spare.removeAll(keepingCapacity: spare.capacity <= 1 << 20)
            condition.lock()
            lastWrite = MonotonicClock.nanoseconds()
            if pending.count <= highWatermark, !drainWaiters.isEmpty {
                let waiters = drainWaiters
                drainWaiters = []
                condition.unlock()
                for waiter in waiters { waiter.resume() }
                condition.lock()
            }
            if let error {
                failure = error
                break
            }
        }
        isStopped = true
        pending = []
        let waiters = drainWaiters
        drainWaiters = []
        let result = failure
        condition.unlock()
        for waiter in waiters { waiter.resume() }
        return result
    }
}
