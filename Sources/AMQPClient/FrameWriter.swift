import AMQPWire

/// Owns the writing side of the socket: a buffer of encoded frames, the thread that
/// sends them, and heartbeats when nothing else was sent.
///
/// Producers append whole frames (a publish's method, header and body frames together)
/// under the lock. One thread at a time sends: it swaps the buffer out and sends all of
/// it, so many small publishes leave in one system call. Publishes and acks send
/// themselves with ``flush()`` when no other thread is sending, without blocking. The
/// writer thread sends the rest, because waking it costs more than a send.
///
/// `@unchecked Sendable` is safe because every mutable field is read and written only
/// while `condition` is locked.
final class FrameWriter: @unchecked Sendable {
    private let condition = ConditionLock()
    private var pending: [UInt8] = []
    private var spare: [UInt8] = []
    private var isStopped = false
    /// Whether a thread is sending. Only one sends at a time, so frames keep their order.
    private var isSending = false
    /// The socket while the writer thread runs, for ``flush()``.
    private var transport: SocketTransport?
    private var heartbeatNanoseconds: UInt64 = 0
    private var lastWrite: UInt64 = MonotonicClock.nanoseconds()
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var failure: String?

    /// How many buffers ``flush()`` sends in a row before it leaves the rest to the writer
    /// thread, so that one publishing task does not keep sending for everyone.
    private static let flushRounds = 4

    /// Above this many buffered bytes, publishers without confirms wait for the socket.
    let highWatermark = 1024 * 1024

    /// Appends encoded frames. Returns `false` when the writer has stopped.
    ///
    /// - Parameter wakingWriter: Whether to wake the writer thread. A caller that calls
    ///   ``flush()`` next passes `false`.
    @discardableResult
    func enqueue(_ bytes: [UInt8], wakingWriter: Bool = true) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopped else { return false }
        let wasEmpty = pending.isEmpty
        pending.append(contentsOf: bytes)
        if wasEmpty, wakingWriter { condition.signal() }
        return true
    }

    /// Appends one frame, encoding it into the buffer directly.
    @discardableResult
    func enqueue(_ frame: AMQPFrame, wakingWriter: Bool = true) throws(AMQPWireError) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopped else { return false }
        let wasEmpty = pending.isEmpty
        try AMQPFrameEncoder.append(frame, to: &pending)
        if wasEmpty, wakingWriter { condition.signal() }
        return true
    }

    /// Sends the buffered frames from the calling thread unless another thread is
    /// sending them. Sends with `MSG_DONTWAIT`, so what the socket does not take at once
    /// is left to the writer thread.
    ///
    /// - Returns: Whether more than ``highWatermark`` bytes are still queued, so that a
    ///   publisher without confirms knows to wait without taking the lock again.
    @discardableResult
    func flush() -> Bool {
        condition.lock()
        guard !isSending, !isStopped, failure == nil, !pending.isEmpty, let transport else {
            let isAboveHighWatermark = pending.count > highWatermark
            condition.unlock()
            return isAboveHighWatermark
        }
        isSending = true
        var rounds = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        while true {
            swap(&pending, &spare)
            condition.unlock()
            let result = spare.withUnsafeBytes { transport.sendAvailable($0) }
            condition.lock()
            rounds += 1
            var handOver = false
            switch result {
            case .success(let count):
                lastWrite = MonotonicClock.nanoseconds()
                if count < spare.count {
                    // The socket is full: the rest goes back in front of newer frames.
                    spare.removeSubrange(0..<count)
                    spare.append(contentsOf: pending)
                    swap(&pending, &spare)
                    handOver = true
                }
            case .failure(let error):
                failure = error.description
                handOver = true
            }
            spare.removeAll(keepingCapacity: spare.capacity <= 1 << 20)
            if pending.count <= highWatermark, !drainWaiters.isEmpty {
                waiters.append(contentsOf: drainWaiters)
                drainWaiters = []
            }
            if handOver || pending.isEmpty || rounds == Self.flushRounds {
                break
            }
        }
        isSending = false
        if !pending.isEmpty || failure != nil || isStopped {
            condition.signal()
        }
        let isAboveHighWatermark = pending.count > highWatermark
        condition.unlock()
        for waiter in waiters { waiter.resume() }
        return isAboveHighWatermark
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
        self.transport = transport
        while failure == nil {
            if !pending.isEmpty, !isSending {
                send(on: transport)
                continue
            }
            if pending.isEmpty, !isSending, isStopped { break }
            guard heartbeatNanoseconds > 0 else {
                condition.wait(timeoutNanoseconds: nil)
                continue
            }
            let halfInterval = heartbeatNanoseconds / 2
            let idle = MonotonicClock.nanoseconds() &- lastWrite
            if idle >= halfInterval, pending.isEmpty, !isSending {
                // Section 4.2.7: a heartbeat frame when nothing else was sent for a while.
                pending.append(contentsOf: [AMQPConstants.frameHeartbeat, 0, 0, 0, 0, 0, 0, AMQPConstants.frameEnd])
            } else {
                condition.wait(timeoutNanoseconds: idle >= halfInterval ? halfInterval : halfInterval - idle)
            }
        }
        // A thread in `flush()` may still be using the socket.
        while isSending {
            condition.wait(timeoutNanoseconds: nil)
        }
        self.transport = nil
        isStopped = true
        pending = []
        let waiters = drainWaiters
        drainWaiters = []
        let result = failure
        condition.unlock()
        for waiter in waiters { waiter.resume() }
        return result
    }

    /// Sends the buffer and blocks until the socket takes all of it. The writer thread
    /// calls it with the lock held, and the lock is released while sending.
    private func send(on transport: SocketTransport) {
        isSending = true
        swap(&pending, &spare)
        condition.unlock()
        let error = spare.withUnsafeBytes { transport.writeAll($0) }
        spare.removeAll(keepingCapacity: spare.capacity <= 1 << 20)
        condition.lock()
        isSending = false
        lastWrite = MonotonicClock.nanoseconds()
        if let error {
            failure = error
        }
        if pending.count <= highWatermark, !drainWaiters.isEmpty {
            let waiters = drainWaiters
            drainWaiters = []
            condition.unlock()
            for waiter in waiters { waiter.resume() }
            condition.lock()
        }
    }
}
