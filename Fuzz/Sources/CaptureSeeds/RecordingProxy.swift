#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A one-connection TCP relay on 127.0.0.1 that records the bytes of both directions.
///
/// The client connects to ``port``. The relay then opens its own connection to the
/// broker's port on 127.0.0.1 and copies bytes both ways until each side has closed its end.
final class RecordingProxy: Sendable {
    /// The direction of a stream of recorded bytes.
    enum Direction {
        case clientToServer
        case serverToClient
    }

    /// The loopback port the client connects to.
    let port: UInt16
    private let upstreamPort: UInt16
    private let listener: Int32
    private let clientToServer = Mutex<[UInt8]>([])
    private let serverToClient = Mutex<[UInt8]>([])
    private let runningPumps = Mutex(0)

    /// Listens on an ephemeral loopback port; call ``start()`` to accept the connection.
    init(upstreamPort: UInt16) throws(CaptureError) {
        self.upstreamPort = upstreamPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw CaptureError("socket() failed with errno \(errno)") }
        var address = Self.loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 1) == 0 else {
            close(listener)
            throw CaptureError("binding the relay to 127.0.0.1 failed with errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts one connection on a background thread and relays it.
    func start() {
        runningPumps.withLock { $0 = 2 }
        Thread.detachNewThread { [self] in
            acceptAndRelay()
        }
    }

    /// Waits until both directions have ended, for at most `seconds`, and returns whether
    /// they did.
    func waitUntilClosed(seconds: Int) -> Bool {
        for _ in 0..<seconds * 10 {
            if runningPumps.withLock({ $0 }) == 0 { return true }
            usleep(100_000)
        }
        return false
    }

    /// Returns the bytes recorded so far in one direction.
    func recordedBytes(_ direction: Direction) -> [UInt8] {
        switch direction {
        case .clientToServer: clientToServer.withLock { $0 }
        case .serverToClient: serverToClient.withLock { $0 }
        }
    }

    private func acceptAndRelay() {
        let client = accept(listener, nil, nil)
        close(listener)
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopbackAddress(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard client >= 0, server >= 0, connected == 0 else {
            FileHandle.standardError.write(Data("error: the relay could not connect to 127.0.0.1:\(upstreamPort) (errno \(errno))\n".utf8))
            close(client)
            close(server)
            runningPumps.withLock { $0 = 0 }
            return
        }
        Thread.detachNewThread { [self] in
            pump(from: client, to: server, direction: .clientToServer)
        }
        pump(from: server, to: client, direction: .serverToClient)
        // The thread that finishes last closes both sockets.
        while runningPumps.withLock({ $0 }) > 0 {
            usleep(10_000)
        }
        close(client)
        close(server)
    }

    /// Copies bytes from `source` to `destination` until `source` reaches end of file,
    /// then half-closes `destination` so that the other side reads the end too.
    private func pump(from source: Int32, to destination: Int32, direction: Direction) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        copying: while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            let chunk = buffer[0..<count]
            switch direction {
            case .clientToServer: clientToServer.withLock { $0.append(contentsOf: chunk) }
            case .serverToClient: serverToClient.withLock { $0.append(contentsOf: chunk) }
            }
            var written = 0
            while written < count {
                let result = chunk.withUnsafeBytes { bytes -> Int in
                    guard let base = bytes.baseAddress else { return -1 }
                    return write(destination, base + written, count - written)
                }
                guard result > 0 else { break copying }
                written += result
            }
        }
        shutdown(destination, Int32(SHUT_WR))
        runningPumps.withLock { $0 -= 1 }
    }

    private static func loopbackAddress(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// A failure of the capture tool, printed before it exits with status 1.
struct CaptureError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
