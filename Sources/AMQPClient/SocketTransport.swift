#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connected TCP socket with blocking reads and writes.
///
/// `@unchecked Sendable` is safe because the file descriptor is an immutable integer:
/// the reader thread reads, one thread at a time writes (``FrameWriter`` hands out the
/// turn), the kernel allows both at once, and ``close()`` runs once, after both I/O
/// threads have stopped using the descriptor.
final class SocketTransport: @unchecked Sendable {
    let fileDescriptor: Int32
    /// The `SO_RCVTIMEO` last set; only the reading thread touches it.
    private var receiveTimeoutMilliseconds: Int32 = -1

    /// Wraps a connected stream socket; the transport closes it in ``close()``.
    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Resolves `host` and connects to the first address that accepts within `timeout`.
    ///
    /// Blocks the calling thread; call it from an I/O thread.
    static func connect(host: String, port: Int, timeoutNanoseconds: UInt64) throws(AMQPClientError) -> SocketTransport {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw AMQPClientError(.connectionFailed, "could not resolve host '\(host)': \(reason)")
        }
        defer { freeaddrinfo(list) }

        let deadline = MonotonicClock.nanoseconds() &+ timeoutNanoseconds
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socketFD = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if socketFD < 0 {
                lastError = SystemError.describe(errno)
                continue
            }
            do throws(AMQPClientError) {
                try connectWithDeadline(socketFD, address.pointee.ai_addr, address.pointee.ai_addrlen, deadline: deadline)
                configure(socketFD)
                return SocketTransport(fileDescriptor: socketFD)
            } catch {
                lastError = error.message
                _ = systemClose(socketFD)
            }
        }
        throw AMQPClientError(.connectionFailed, "could not connect to \(host):\(port): \(lastError)")
    }

    private static func connectWithDeadline(
        _ socketFD: Int32,
        _ address: UnsafeMutablePointer<sockaddr>?,
        _ length: socklen_t,
        deadline: UInt64
    ) throws(AMQPClientError) {
        let flags = fcntl(socketFD, F_GETFL)
        _ = fcntl(socketFD, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(socketFD, F_SETFL, flags) }

        if systemConnect(socketFD, address, length) == 0 { return }
        guard errno == EINPROGRESS else {
            throw AMQPClientError(.connectionFailed, SystemError.describe(errno))
        }
        while true {
            let now = MonotonicClock.nanoseconds()
            guard now < deadline else {
                throw AMQPClientError(.timedOut, "the TCP connection was not established in time")
            }
            var descriptor = pollfd(fd: socketFD, events: Int16(POLLOUT), revents: 0)
            let remainingMilliseconds = Int32(min((deadline - now) / 1_000_000 + 1, UInt64(Int32.max)))
            let ready = poll(&descriptor, 1, remainingMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw AMQPClientError(.connectionFailed, SystemError.describe(errno))
            }
            if ready == 0 { continue }
            var socketError: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socketFD, SOL_SOCKET, SO_ERROR, &socketError, &size)
            guard socketError == 0 else {
                throw AMQPClientError(.connectionFailed, SystemError.describe(socketError))
            }
            return
        }
    }

    private static func configure(_ socketFD: Int32) {
        var enabled: Int32 = 1
        setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &enabled, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(socketFD, SOL_SOCKET, SO_NOSIGPIPE, &enabled, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// The result of waiting for input.
    enum ReadResult {
        case bytes(Int)
        case timedOut
        case closed
        case failed(String)
    }

    /// Waits up to `timeoutMilliseconds` for input, then reads what is there into `buffer`.
    ///
    /// One `recv` with `SO_RCVTIMEO` as the timeout, so that each read is one system
    /// call rather than `poll` followed by `recv`. Call it from one thread only.
    func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) -> ReadResult {
        if timeoutMilliseconds != receiveTimeoutMilliseconds {
            var timeout = timeval()
            timeout.tv_sec = Int(timeoutMilliseconds / 1000)
            timeout.tv_usec = .init((timeoutMilliseconds % 1000) * 1000)
            if setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) != 0 {
                return .failed("setting the receive timeout failed: \(SystemError.describe(errno))")
            }
            receiveTimeoutMilliseconds = timeoutMilliseconds
        }
        while true {
            let count = recv(fileDescriptor, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .timedOut }
            return .failed(SystemError.describe(errno))
        }
    }

    /// Writes every byte of `bytes`, blocking while the socket's send buffer is full.
    func writeAll(_ bytes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let written = send(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            #else
            let written = send(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset, 0)
            #endif
            if written < 0 {
                if errno == EINTR { continue }
                return SystemError.describe(errno)
            }
            offset += written
        }
        return nil
    }

    /// Sends what the socket takes without waiting and returns how many bytes it took,
    /// or the error that ended the connection.
    func sendAvailable(_ bytes: UnsafeRawBufferPointer) -> Result<Int, SocketWriteError> {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
            #else
            let flags = MSG_DONTWAIT
            #endif
            let written = send(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset, flags)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                return .failure(SocketWriteError(description: SystemError.describe(errno)))
            }
            offset += written
        }
        return .success(offset)
    }

    /// Ends both directions so that a blocked `poll` or `recv` on the reader thread returns.
    func shutdown() {
        #if canImport(Glibc)
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_RDWR))
        #else
        _ = Darwin.shutdown(fileDescriptor, SHUT_RDWR)
        #endif
    }

    /// Ends the reading direction only, so that the reader thread wakes while queued
    /// frames can still be sent.
    func shutdownReading() {
        #if canImport(Glibc)
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_RD))
        #else
        _ = Darwin.shutdown(fileDescriptor, SHUT_RD)
        #endif
    }

    /// Releases the descriptor. Call once, after both I/O threads have stopped.
    func close() {
        _ = systemClose(fileDescriptor)
    }
}

#if canImport(Glibc)
private let systemConnect = Glibc.connect
private let systemClose = Glibc.close
#else
private let systemConnect = Darwin.connect
private let systemClose = Darwin.close
#endif

/// A failed `send(2)`, described for the connection's error message.
struct SocketWriteError: Error {
    var description: String
}
