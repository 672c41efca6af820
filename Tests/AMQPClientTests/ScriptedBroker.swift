import AMQPClient
import AMQPWire
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fake AMQP broker on 127.0.0.1 that plays the server side of one connection.
///
/// It listens on an ephemeral port, accepts one client on a background thread, performs
/// the server's part of the handshake (protocol header, `connection.start`, `tune`,
/// `open-ok`) and then runs a per-test script against a ``BrokerSession``. Every frame
/// the client sends is recorded in ``receivedFrames``. Every wait has a deadline, so a
/// client that misbehaves fails the script instead of hanging the test, and both sockets
/// are closed when the thread ends. Connections after the first are never accepted.
final class ScriptedBroker: Sendable {
    /// How much of the handshake the broker plays before the script runs.
    enum HandshakeMode: Sendable {
        /// Sends `start`, waits for `start-ok`, sends `tune`, waits for `tune-ok` and
        /// `open`, and sends `open-ok`.
        case openConnection
        /// Sends `start`, waits for `start-ok`, then closes the connection with 403
        /// ACCESS_REFUSED, as RabbitMQ does for wrong credentials, and waits for `close-ok`.
        case rejectCredentials
        /// Reads only the protocol header, so the script sends `start` and the rest.
        case leftToScript
    }

    struct State {
        var frames: [AMQPFrame] = []
        var marks: Set<String> = []
        var signals: Set<String> = []
        var failure: String?
        var isFinished = false
        var stopRequested = false
    }

    /// The port the listener is bound to.
    let port: Int
    let tune: AMQPMethod.Connection.Tune
    let state = Mutex(State())

    /// Starts listening and serving one connection.
    ///
    /// - Parameters:
    ///   - mechanisms: The SASL mechanisms offered in `connection.start`.
    ///   - tune: The limits proposed in `connection.tune`.
    ///   - handshake: How much of the handshake to play before the script.
    ///   - script: Runs on the broker thread after the handshake; a thrown error is
    ///     recorded as the script's failure.
    init(
        mechanisms: String = "AMQPLAIN PLAIN",
        tune: AMQPMethod.Connection.Tune = .init(channelMax: 2047, frameMax: 4096, heartbeat: 0),
        handshake: HandshakeMode = .openConnection,
        script: @escaping @Sendable (BrokerSession) throws -> Void
    ) throws {
        let (listener, port) = try Self.listenOnLoopback()
        self.port = port
        self.tune = tune
        Thread.detachNewThread { [self] in
            serve(listener: listener, mechanisms: mechanisms, handshake: handshake, script: script)
        }
    }

    /// Returns a client configuration for this broker, with the test credentials `user`
    /// and `s3cr3t-PW`, and heartbeats off unless `heartbeatSeconds` is set.
    ///
    /// Recovery is off unless `recovery` is set, because the broker serves one
    /// connection and most tests check how that connection ends.
    func configuration(
        heartbeatSeconds: UInt16 = 0,
        virtualHost: String = "/",
        connectionName: String? = nil,
        recovery: RecoveryPolicy = .disabled
    ) -> AMQPConfiguration {
        var configuration = AMQPConfiguration(
            host: "127.0.0.1",
            port: port,
            username: "user",
            password: Self.password,
            virtualHost: virtualHost,
            heartbeatSeconds: heartbeatSeconds,
            connectionTimeoutMilliseconds: 5_000,
            connectionName: connectionName
        )
        configuration.recovery = recovery
        return configuration
    }

    static let password = "s3cr3t-PW"

    /// Every frame the client sent after its protocol header, in order.
    var receivedFrames: [AMQPFrame] {
        state.withLock { $0.frames }
    }

    /// Every method the client sent, with its channel, in order.
    var receivedMethods: [(channel: UInt16, method: AMQPMethod)] {
        receivedFrames.compactMap { frame in
            guard case .method(let channel, let method) = frame else { return nil }
            return (channel, method)
        }
    }

    /// The client's `connection.start-ok`, once received.
    var startOk: AMQPMethod.Connection.StartOk? {
        for (_, method) in receivedMethods {
            if case .connection(.startOk(let startOk)) = method { return startOk }
        }
        return nil
    }

    /// The client's `connection.tune-ok`, once received.
    var tuneOk: AMQPMethod.Connection.Tune? {
        for (_, method) in receivedMethods {
            if case .connection(.tuneOk(let tuneOk)) = method { return tuneOk }
        }
        return nil
    }

    /// The client's `connection.open`, once received.
    var open: AMQPMethod.Connection.Open? {
        for (_, method) in receivedMethods {
            if case .connection(.open(let open)) = method { return open }
        }
        return nil
    }

    /// Waits until the script calls ``BrokerSession/mark(_:)`` with `name`. Returns
    /// `false` when `timeout` passes first or the script ended without it.
    func waitForMark(_ name: String, timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (marked, finished) = state.withLock { ($0.marks.contains(name), $0.isFinished) }
            if marked { return true }
            if finished { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Lets a script waiting in ``BrokerSession/waitForSignal(_:timeout:)`` go on.
    func signal(_ name: String) {
        state.withLock { _ = $0.signals.insert(name) }
    }

    /// Waits for the script to end and returns its failure, or `nil` when it passed.
    ///
    /// A script still running after `timeout` gets a stop request, and the timeout
    /// becomes its failure.
    func finish(timeout: Duration = .seconds(10)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.isFinished }) { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let finished = state.withLock { state -> Bool in
            if !state.isFinished { state.stopRequested = true }
            return state.isFinished
        }
        if finished { return state.withLock { $0.failure } }
        // The broker thread polls the stop flag every 100 ms.
        for _ in 0..<50 where !state.withLock({ $0.isFinished }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return "the script did not finish within \(timeout)"
    }

    /// Waits for the script to end and records a test issue with its failure, if any.
    func expectScriptPassed(timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) async {
        if let failure = await finish(timeout: timeout) {
            Issue.record("the broker script failed: \(failure)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Broker thread

    private func serve(
        listener: Int32,
        mechanisms: String,
        handshake: HandshakeMode,
        script: @Sendable (BrokerSession) throws -> Void
    ) {
        var failure: String?
        let accepted = accept(listener: listener, timeout: .seconds(10))
        // The listener stays open until the script ends, so that a client reconnecting
        // to this port waits in the backlog instead of reaching another test's broker.
        defer { _ = close(listener) }
        if let socket = accepted {
            let session = BrokerSession(socket: socket, broker: self)
            do {
                try runHandshake(session, mechanisms: mechanisms, handshake: handshake)
                try script(session)
            } catch {
                failure = "\(error)"
            }
            _ = close(socket)
        } else {
            failure = "no client connected within 10 s"
        }
        state.withLock { state in
            if state.failure == nil { state.failure = failure }
            state.isFinished = true
        }
    }

    private func runHandshake(_ session: BrokerSession, mechanisms: String, handshake: HandshakeMode) throws {
        try session.expectProtocolHeader()
        if case .leftToScript = handshake { return }
        let serverProperties: AMQPFieldTable = [
            "product": .string("ScriptedBroker"),
            "version": .string("3.13.0"),
            "capabilities": .table([
                "publisher_confirms": .boolean(true),
                "basic.nack": .boolean(true),
                "consumer_cancel_notify": .boolean(true),
                "authentication_failure_close": .boolean(true),
            ]),
        ]
        try session.send(.method(channel: 0, .connection(.start(.init(
            serverProperties: serverProperties,
            mechanisms: Array(mechanisms.utf8),
            locales: Array("en_US".utf8)
        )))))
        _ = try session.expect("connection.start-ok", channel: 0)

        switch handshake {
        case .leftToScript:
            return
        case .rejectCredentials:
            try session.send(.method(channel: 0, .connection(.close(.init(
                replyCode: 403,
                replyText: "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN"
            )))))
            _ = try session.expect("connection.close-ok", channel: 0)
        case .openConnection:
            try session.send(.method(channel: 0, .connection(.tune(tune))))
            _ = try session.expect("connection.tune-ok", channel: 0)
            _ = try session.expect("connection.open", channel: 0)
            try session.send(.method(channel: 0, .connection(.openOk)))
        }
    }

    private func accept(listener: Int32, timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !state.withLock({ $0.stopRequested }) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            #if canImport(Glibc)
            let socket = Glibc.accept(listener, nil, nil)
            #else
            let socket = Darwin.accept(listener, nil, nil)
            #endif
            if socket >= 0 { return socket }
        }
        return nil
    }

    /// Binds a listening socket to 127.0.0.1 on a port the kernel chooses.
    private static func listenOnLoopback() throws -> (socket: Int32, port: Int) {
        #if canImport(Glibc)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let listener = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard listener >= 0 else { throw BrokerSetupError("socket() failed with errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 1) == 0 else {
            let code = errno
            _ = close(listener)
            throw BrokerSetupError("bind() or listen() on 127.0.0.1 failed with errno \(code)")
        }

        var boundAddress = sockaddr_in()
        var boundLength = length
        let named = withUnsafeMutablePointer(to: &boundAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &boundLength) }
        }
        guard named == 0 else {
            let code = errno
            _ = close(listener)
            throw BrokerSetupError("getsockname() failed with errno \(code)")
        }
        return (listener, Int(UInt16(bigEndian: boundAddress.sin_port)))
    }
}

/// The listener could not be set up.
struct BrokerSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
