import Dispatch
import Synchronization

/// One physical connection: a socket with its reader and writer threads.
///
/// A connection that recovers from a failure replaces its session; frames and failures
/// from an old session are ignored because every handler checks that its session is
/// still the current one.
final class Session: Sendable {
    let id: UInt64
    let endpoint: AMQPConfiguration.Endpoint
    let writer = FrameWriter()
    let transport = Mutex<SocketTransport?>(nil)
    /// Monotonic time of the last byte read, in nanoseconds.
    let lastRead = Atomic<UInt64>(0)
    /// The two I/O threads; the last one to stop closes the socket.
    let runningThreads = Atomic<Int>(2)

    init(id: UInt64, endpoint: AMQPConfiguration.Endpoint) {
        self.id = id
        self.endpoint = endpoint
    }

    /// Records that one I/O thread ended; the last one closes the socket.
    func threadStopped() {
        if runningThreads.subtract(1, ordering: .acquiringAndReleasing).newValue <= 0 {
            transport.withLock { transport in
                transport?.close()
                transport = nil
            }
        }
    }

    /// Stops both I/O threads; the socket closes when the last one ends.
    ///
    /// Only the reading side is shut down at once, which wakes the reader; the writer
    /// first sends what is queued (such as a `close-ok` or a `connection.close` with an
    /// error code) and then shuts the socket down. A writer still blocked after one
    /// second, because the peer stopped reading, is cut off.
    func stop() {
        writer.stop()
        transport.withLock { $0?.shutdownReading() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { [self] in
            transport.withLock { $0?.shutdown() }
        }
    }
}
