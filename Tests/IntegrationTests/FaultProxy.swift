import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy between a client and the test broker that can cut the
/// connection in the ways networks fail: close both sides at once, or stop forwarding
/// silently (no FIN, no RST) and resume later.
///
/// It listens on 127.0.0.1 on a port the kernel chooses and forwards to
/// `127.0.0.1:targetPort`; it never connects anywhere else.
final class FaultProxy: Sendable {
    let port: Int
    private let targetPort: Int
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var isPaused = false
        var isStopped = false
        var sockets: [Int32] = []
        var acceptedCount = 0
    }

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ProxyError("socket() failed: errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw ProxyError("bind/listen failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread { [self] in acceptLoop(listener) }
    }

    /// How many client connections the proxy accepted so far.
    var acceptedCount: Int { state.withLock { $0.acceptedCount } }

    /// Stops forwarding in both directions without closing anything, as a network that
    /// drops packets does.
    func pause() { state.withLock { $0.isPaused = true } }

    /// Forwards again what was held back and everything after.
    func resume() { state.withLock { $0.isPaused = false } }

    /// Closes every forwarded connection on both sides; new connections are still accepted.
    func closeConnections() {
        let sockets = state.withLock { state -> [Int32] in
            let sockets = state.sockets
            state.sockets = []
            return sockets
        }
        for socketFD in sockets { shutdown(socketFD, Int32(SHUT_RDWR)) }
    }

    /// Stops the proxy and closes every connection.
    func stop() {
        state.withLock { $0.isStopped = true }
        closeConnections()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if state.withLock({ $0.isStopped }) { return }
                if errno == EINTR { continue }
                return
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(targetPort).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            state.withLock {
                $0.sockets += [client, upstream]
                $0.acceptedCount += 1
            }
            Thread.detachNewThread { [self] in pump(from: client, to: upstream) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client) }
        }
    }

    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        defer {
            shutdown(destination, Int32(SHUT_RDWR))
            shutdown(source, Int32(SHUT_RDWR))
        }
        while true {
            if state.withLock({ $0.isPaused }) {
                usleep(10_000)
                continue
            }
            var descriptor = pollfd(fd: source, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 50)
            if ready == 0 { continue }
            if ready < 0 { return }
            // Checked again: a pause that began while polling must hold back these bytes too.
            if state.withLock({ $0.isPaused }) { continue }
            let count = recv(source, &buffer, buffer.count, 0)
            if count <= 0 { return }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL)) }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

struct ProxyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `rabbitmqctl` against the test broker through the command in
/// `BLOODBANK_TEST_CTL` (for example `bb broker ctl --dir .build/test-broker`).
enum BrokerControl {
    static let variable = "BLOODBANK_TEST_CTL"

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        guard let command = ProcessInfo.processInfo.environment[variable], !command.isEmpty else {
            throw ProxyError("\(variable) is not set: run the tests with scripts/test.sh")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " " + arguments.map { "'\($0)'" }.joined(separator: " ")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ProxyError("rabbitmqctl \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus): \(text.suffix(500))")
        }
        return text
    }
}
