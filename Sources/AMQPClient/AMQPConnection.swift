public import AMQPWire
import Synchronization

/// One AMQP 0-9-1 connection to a broker, with its own reader and writer threads.
///
/// Open it with ``connect(_:logger:)``, open channels with ``openChannel()``, and end it
/// with ``close()``. Socket I/O, heartbeats and frame decoding run on two dedicated
/// threads, never on Swift's cooperative thread pool, so a slow handler cannot delay a
/// heartbeat. All methods may be called from any task.
public final class AMQPConnection: Sendable {
    /// The configuration this connection was opened with; its description hides the password.
    public let configuration: AMQPConfiguration
    let logger: Logger
    let core: Mutex<ConnectionCore>
    let writer = FrameWriter()
    let transport = Mutex<SocketTransport?>(nil)
    /// Monotonic time of the last byte read, in nanoseconds.
    let lastRead = Atomic<UInt64>(0)
    /// The two I/O threads; the last one to stop closes the socket.
    let runningThreads = Atomic<Int>(2)
    let requestIDs = Atomic<UInt64>(1)

    private init(configuration: AMQPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.core = Mutex(ConnectionCore(
            machine: ConnectionStateMachine(
                configuration: configuration,
                clientProperties: Self.clientProperties(connectionName: configuration.connectionName)
            )
        ))
    }

    /// Connects, authenticates with PLAIN, negotiates limits and opens the virtual host.
    ///
    /// - Throws: ``AMQPClientError`` with code `connectionFailed`, `authenticationFailed`
    ///   or `timedOut` (after `connectionTimeoutMilliseconds`).
    public static func connect(
        _ configuration: AMQPConfiguration,
        logger: Logger = .disabled
    ) async throws(AMQPClientError) -> AMQPConnection {
        let connection = AMQPConnection(configuration: configuration, logger: logger)
        try await connection.start()
        return connection
    }

    /// The properties the broker sent in `connection.start`, such as its `version`.
    public var serverProperties: AMQPFieldTable {
        core.withLock { $0.serverProperties }
    }

    /// The negotiated `frame-max` in bytes (0 means no limit).
    public var frameMax: UInt32 {
        core.withLock { $0.machine.tuning?.frameMax ?? AMQPConstants.frameMinSize }
    }

    /// The negotiated heartbeat interval in seconds (0 means none).
    public var heartbeatSeconds: UInt16 {
        core.withLock { $0.machine.tuning?.heartbeatSeconds ?? 0 }
    }

    /// Whether the connection is open and usable.
    public var isOpen: Bool {
        core.withLock { $0.machine.isOpen }
    }

    /// The reason the connection ended, or `nil` while it is open.
    public var closeReason: AMQPClientError? {
        core.withLock { $0.closeReason }
    }

    /// The reason the broker gave in `connection.blocked`, or `nil` when publishing is not blocked.
    public var blockedReason: String? {
        core.withLock { $0.blockedReason }
    }

    /// Waits until the connection has ended and returns why.
    public func waitUntilClosed() async -> AMQPClientError {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = core.withLock { core -> Bool in
                if core.isShutDown { return true }
                core.closeWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return core.withLock { $0.closeReason } ?? AMQPClientError(.connectionClosed, "the connection is closed")
    }

    /// Opens a new channel on the lowest free channel number.
    ///
    /// - Throws: `tooManyChannels` when every number up to the negotiated `channel-max`
    ///   is in use, or `connectionClosed`.
    public func openChannel() async throws(AMQPClientError) -> AMQPChannel {
        let reserved = core.withLock { core -> Result<(UInt16, UInt64), AMQPClientError> in
            guard core.machine.isOpen, let tuning = core.machine.tuning else {
                return .failure(core.closeReason ?? AMQPClientError(.connectionClosed, "the connection is not open"))
            }
            let channelMax = tuning.channelMax == 0 ? UInt16.max : tuning.channelMax
            guard let id = core.reserveChannelID(channelMax: channelMax) else {
                return .failure(AMQPClientError(
                    .tooManyChannels,
                    "all \(channelMax) channels allowed by the broker are open; close channels you no longer use"
                ))
            }
            let generation = core.nextGeneration
            core.nextGeneration += 1
            core.channels[id] = ChannelCore(id: id, generation: generation)
            return .success((id, generation))
        }
        let (id, generation) = try reserved.get()
        let channel = AMQPChannel(id: id, generation: generation, connection: self)
        _ = try await channel.call(.channel(.open), expecting: 20, [11])
        core.withLock { core in
            if core.channels[id]?.generation == generation {
                core.channels[id]?.lifecycle = .open
            }
        }
        logger.debug("channel opened", metadata: [LogKey.channel: "\(id)"])
        return channel
    }

    /// Closes the connection: sends `connection.close`, waits for `close-ok` (at most
    /// `timeout`), and stops the I/O threads. Pending operations fail with
    /// `connectionClosed`. Calling it again, or after the broker closed the connection,
    /// does nothing.
    public func close(timeout: Duration = .seconds(10)) async {
        var effects: [Effect] = []
        let send = core.withLock { core -> AMQPMethod.Connection.Close? in
            switch core.machine.closeRequested() {
            case .sendClose(let close):
                core.closeDeadline = MonotonicClock.nanoseconds() &+ timeout.nanoseconds
                return close
            case .shutDown(let error):
                core.shutDown(error, effects: &effects)
                return nil
            case .none, .sendStartOk, .sendTuneOkAndOpen, .connectionOpened, .sendCloseOkAndShutDown, .closeCompleted:
                return nil
            }
        }
        run(effects)
        if let send {
            logger.debug("closing connection")
            _ = try? writer.enqueue(.method(channel: 0, .connection(.close(send))))
        } else if !effects.isEmpty {
            stopIO()
        }
        _ = await waitUntilClosed()
    }

    // MARK: - Starting

    private func start() async throws(AMQPClientError) {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, AMQPClientError>, Never>) in
            core.withLock { core in
                core.connectWaiter = continuation
                core.handshakeDeadline = MonotonicClock.nanoseconds()
                    &+ configuration.connectionTimeoutMilliseconds &* 1_000_000
            }
            do throws(AMQPClientError) {
                try IOThread.start(name: "amqp-reader") { [self] in
                    runReader()
                }
            } catch {
                var effects: [Effect] = []
                core.withLock { $0.shutDown(error, effects: &effects) }
                run(effects)
            }
        }
        try result.get()
    }

    private func runReader() {
        let connected: SocketTransport
        do throws(AMQPClientError) {
            connected = try SocketTransport.connect(
                host: configuration.host,
                port: configuration.port,
                timeoutNanoseconds: configuration.connectionTimeoutMilliseconds &* 1_000_000
            )
        } catch {
            runningThreads.store(0, ordering: .relaxed)
            fail(error)
            return
        }
        transport.withLock { $0 = connected }
        logger.debug("TCP connection established", metadata: [
            LogKey.host: configuration.host, LogKey.port: "\(configuration.port)",
        ])

        do throws(AMQPClientError) {
            try IOThread.start(name: "amqp-writer") { [self] in
                let error = writer.run(transport: connected)
                if let error {
                    fail(AMQPClientError(.connectionClosed, "writing to the socket failed: \(error)"))
                }
                threadStopped()
            }
        } catch {
            runningThreads.store(1, ordering: .relaxed)
            fail(error)
            threadStopped()
            return
        }

        writer.enqueue(AMQPConstants.protocolHeader)
        lastRead.store(MonotonicClock.nanoseconds(), ordering: .relaxed)
        readLoop(connected)
        writer.stop()
        threadStopped()
    }

    private func threadStopped() {
        if runningThreads.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            transport.withLock { transport in
                transport?.close()
                transport = nil
            }
        }
    }

    /// Stops both I/O threads; the socket closes when the last one ends.
    func stopIO() {
        writer.stop()
        transport.withLock { $0?.shutdown() }
    }

    /// Fails the connection with `error` unless it already ended.
    func fail(_ error: AMQPClientError) {
        var effects: [Effect] = []
        let changed = core.withLock { core -> Bool in
            guard !core.isShutDown else { return false }
            switch core.machine.connectionLost(error) {
            case .closeCompleted:
                core.shutDown(core.closeReason ?? Self.closedByApplication, effects: &effects)
            case .shutDown(let error):
                core.shutDown(error, effects: &effects)
            case .none, .sendStartOk, .sendTuneOkAndOpen, .connectionOpened, .sendClose, .sendCloseOkAndShutDown:
                core.shutDown(error, effects: &effects)
            }
            return true
        }
        guard changed else { return }
        if error.code == .connectionClosed || error.code == .heartbeatTimeout || error.code == .protocolError {
            logger.warning("connection lost", metadata: [LogKey.error: error.description])
        }
        run(effects)
        stopIO()
    }

    static let closedByApplication = AMQPClientError(.connectionClosed, "the connection was closed by the application")

    // MARK: - Client properties

    static func clientProperties(connectionName: String?) -> AMQPFieldTable {
        var capabilities: AMQPFieldTable = [
            "publisher_confirms": .boolean(true),
            "consumer_cancel_notify": .boolean(true),
            "exchange_exchange_bindings": .boolean(true),
            "basic.nack": .boolean(true),
            "connection.blocked": .boolean(true),
            "authentication_failure_close": .boolean(true),
            "per_consumer_qos": .boolean(true),
        ]
        capabilities["consumer_priorities"] = .boolean(true)
        var properties: AMQPFieldTable = [
            "product": .string("Bloodbank AMQPClient"),
            "version": .string(AMQPClientVersion.current),
            "platform": .string("Swift"),
            "information": .string("Bloodbank event bus client for Swift"),
            "capabilities": .table(capabilities),
        ]
        if let connectionName {
            properties["connection_name"] = .string(connectionName)
        }
        return properties
    }
}

/// The client's version, sent to the broker in the `version` client property.
public enum AMQPClientVersion {
    public static let current = "0.1.0"
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
    }
}
