public import AMQPWire
import Synchronization

/// One AMQP 0-9-1 connection to a broker, with its own reader and writer threads, that
/// recovers from failures.
///
/// Open it with ``connect(_:logger:)``, open channels with ``openChannel()``, and end it
/// with ``close(timeout:)``. Socket I/O, heartbeats and frame decoding run on two
/// dedicated threads, never on Swift's cooperative thread pool, so a slow handler cannot
/// delay a heartbeat. All methods may be called from any task.
///
/// When the connection is lost and ``AMQPConfiguration/recovery`` allows it, the
/// connection reconnects and restores its channels, topology and consumers; watch
/// ``events()`` to follow it. Channel handles and consumer sequences stay valid across
/// a recovery.
public final class AMQPConnection: Sendable {
    /// The configuration this connection was opened with; its description hides the password.
    public let configuration: AMQPConfiguration
    let logger: Logger
    let core: StateLock<ConnectionCore>
    let requestIDs = Atomic<UInt64>(1)
    /// The negotiated `frame-max`, read on every publish without taking the mutex.
    let negotiatedFrameMax = Atomic<UInt32>(AMQPConstants.frameMinSize)

    private init(configuration: AMQPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.core = StateLock(ConnectionCore(machine: Self.makeStateMachine(configuration)))
    }

    static func makeStateMachine(_ configuration: AMQPConfiguration) -> ConnectionStateMachine {
        ConnectionStateMachine(
            configuration: configuration,
            clientProperties: clientProperties(connectionName: configuration.connectionName)
        )
    }

    /// Connects, authenticates with PLAIN, negotiates limits and opens the virtual host.
    ///
    /// The first connection is not retried: a failure here is reported at once, so that a
    /// wrong URL or password does not hang the caller.
    ///
    /// - Throws: ``AMQPClientError`` with code `connectionFailed`, `authenticationFailed`
    ///   or `timedOut` (after `connectionTimeoutMilliseconds`).
    public static func connect(
        _ configuration: AMQPConfiguration,
        logger: Logger = .disabled
    ) async throws(AMQPClientError) -> AMQPConnection {
        let connection = AMQPConnection(configuration: configuration, logger: logger)
        do {
            try await connection.establishSession(endpoint: configuration.endpoints[0])
        } catch {
            var effects: [Effect] = []
            connection.core.withLock { $0.shutDown(error, effects: &effects) }
            connection.run(effects)
            throw error
        }
        return connection
    }

    /// The properties the broker sent in `connection.start`, such as its `version`.
    public var serverProperties: AMQPFieldTable {
        core.withLock { $0.serverProperties }
    }

    /// The negotiated `frame-max` in bytes (0 means no limit).
    public var frameMax: UInt32 {
        negotiatedFrameMax.load(ordering: .relaxed)
    }

    /// The negotiated heartbeat interval in seconds (0 means none).
    public var heartbeatSeconds: UInt16 {
        core.withLock { $0.machine.tuning?.heartbeatSeconds ?? 0 }
    }

    /// Whether the connection is open and usable; `false` while it recovers.
    public var isOpen: Bool {
        core.withLock { $0.phase == .open }
    }

    /// Whether the connection is reconnecting after a failure.
    public var isRecovering: Bool {
        core.withLock { $0.phase == .recovering }
    }

    /// The reason the connection ended, or `nil` while it is open or recovering.
    public var closeReason: AMQPClientError? {
        core.withLock { $0.closeReason }
    }

    /// The reason the broker gave in `connection.blocked`, or `nil` when publishing is not blocked.
    public var blockedReason: String? {
        core.withLock { $0.blockedReason }
    }

    /// Returns a stream of health changes: lost, recovering, recovered, blocked, closed.
    ///
    /// Each call returns a new stream that receives the events from then on; it ends
    /// when the connection closes for good.
    public func events() -> AsyncStream<ConnectionEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ConnectionEvent.self)
        let id = requestIDs.add(1, ordering: .relaxed).oldValue
        let added = core.withLock { core -> Bool in
            guard core.phase != .closed else { return false }
            core.eventListeners[id] = continuation
            return true
        }
        if added {
            continuation.onTermination = { [weak self] _ in
                _ = self?.core.withLock { $0.eventListeners.removeValue(forKey: id) }
            }
        } else {
            continuation.finish()
        }
        return stream
    }

    /// Waits until the connection has ended for good and returns why.
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

    /// Opens a new channel on the lowest free channel number. While the connection
    /// recovers, waits for it up to the connection timeout.
    ///
    /// - Throws: `tooManyChannels` when every number up to the negotiated `channel-max`
    ///   is in use, or `connectionClosed`.
    public func openChannel() async throws(AMQPClientError) -> AMQPChannel {
        try await waitUntilReady(deadline: defaultDeadline(), requiresUnblocked: false)
        let reserved = core.withLock { core -> Result<(UInt16, UInt64), AMQPClientError> in
            guard core.phase == .open, let tuning = core.machine.tuning else {
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
        do {
            _ = try await channel.call(.channel(.open), expecting: 20, [11], waitForRecovery: false)
        } catch {
            core.withLock { core in
                if core.channels[id]?.generation == generation { core.channels[id] = nil }
            }
            throw error
        }
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
    /// `connectionClosed`, and recovery stops. Calling it again, or after the connection
    /// ended, does nothing.
    public func close(timeout: Duration = .seconds(10)) async {
        var effects: [Effect] = []
        let send = core.withLock { core -> (Session, AMQPMethod.Connection.Close)? in
            switch core.phase {
            case .closed:
                return nil
            case .connecting, .recovering:
                let session = core.session
                core.shutDown(Self.closedByApplication, effects: &effects)
                session?.stop()
                return nil
            case .open:
                switch core.machine.closeRequested() {
                case .sendClose(let close):
                    guard let session = core.session else { return nil }
                    core.closeDeadline = MonotonicClock.nanoseconds() &+ timeout.nanoseconds
                    core.recoveryTask?.cancel()
                    return (session, close)
                case .shutDown(let error):
                    let session = core.session
                    core.shutDown(error, effects: &effects)
                    session?.stop()
                    return nil
                case .none, .sendStartOk, .sendTuneOkAndOpen, .connectionOpened, .sendCloseOkAndShutDown, .closeCompleted:
                    return nil
                }
            }
        }
        run(effects)
        if let (session, close) = send {
            logger.debug("closing connection")
            _ = try? session.writer.enqueue(.method(channel: 0, .connection(.close(close))))
        }
        _ = await waitUntilClosed()
    }

    // MARK: - Sessions

    /// Connects a new socket to `endpoint` and runs the handshake on it.
    func establishSession(endpoint: AMQPConfiguration.Endpoint) async throws(AMQPClientError) {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, AMQPClientError>, Never>) in
            let session = core.withLock { core -> Session? in
                guard core.phase != .closed else { return nil }
                let session = Session(id: core.nextSessionID, endpoint: endpoint)
                core.nextSessionID += 1
                core.session = session
                core.machine = Self.makeStateMachine(configuration)
                core.connectWaiter = continuation
                core.handshakeDeadline = MonotonicClock.nanoseconds()
                    &+ configuration.connectionTimeoutMilliseconds &* 1_000_000
                return session
            }
            guard let session else {
                continuation.resume(returning: .failure(AMQPConnection.closedByApplication))
                return
            }
            do throws(AMQPClientError) {
                try IOThread.start(name: "amqp-reader") { [self] in
                    runReader(session)
                }
            } catch {
                session.runningThreads.store(0, ordering: .relaxed)
                fail(error, session: session)
            }
        }
        try result.get()
    }

    private func runReader(_ session: Session) {
        let connected: SocketTransport
        do throws(AMQPClientError) {
            connected = try SocketTransport.connect(
                host: session.endpoint.host,
                port: session.endpoint.port,
                timeoutNanoseconds: configuration.connectionTimeoutMilliseconds &* 1_000_000
            )
        } catch {
            session.runningThreads.store(0, ordering: .relaxed)
            fail(error, session: session)
            return
        }
        session.transport.withLock { $0 = connected }
        logger.debug("TCP connection established", metadata: [
            LogKey.host: session.endpoint.host, LogKey.port: "\(session.endpoint.port)",
        ])

        do throws(AMQPClientError) {
            try IOThread.start(name: "amqp-writer") { [self] in
                let error = session.writer.run(transport: connected)
                connected.shutdown()
                if let error {
                    fail(AMQPClientError(.connectionClosed, "writing to the socket failed: \(error)"), session: session)
                }
                session.threadStopped()
            }
        } catch {
            session.runningThreads.store(1, ordering: .relaxed)
            fail(error, session: session)
            session.threadStopped()
            return
        }

        session.writer.enqueue(AMQPConstants.protocolHeader)
        session.lastRead.store(MonotonicClock.nanoseconds(), ordering: .relaxed)
        readLoop(connected, session: session)
        session.writer.stop()
        session.threadStopped()
    }

    /// Handles the failure of `session`: starts recovery when the connection was open
    /// and the failure allows it, and otherwise closes the connection for good.
    func fail(_ error: AMQPClientError, session: Session) {
        var effects: [Effect] = []
        var startRecovery = false
        let handled = core.withLock { core -> Bool in
            guard core.session === session, core.phase != .closed else { return false }
            let action = core.machine.connectionLost(error)
            let reason: AMQPClientError
            switch action {
            case .closeCompleted:
                core.shutDown(core.closeReason ?? Self.closedByApplication, effects: &effects)
                return true
            case .shutDown(let lost):
                reason = lost
            case .none, .sendStartOk, .sendTuneOkAndOpen, .connectionOpened, .sendClose, .sendCloseOkAndShutDown:
                reason = error
            }
            switch core.phase {
            case .connecting, .closed:
                core.shutDown(reason, effects: &effects)
            case .open:
                if configuration.recovery.isEnabled, reason.isRecoverable {
                    core.failInFlight(reason, effects: &effects)
                    core.phase = .recovering
                    core.emit(.connectionLost(reason), effects: &effects)
                    startRecovery = true
                } else {
                    core.shutDown(reason, effects: &effects)
                }
            case .recovering:
                core.failInFlight(reason, effects: &effects)
            }
            return true
        }
        guard handled else { return }
        if startRecovery {
            logger.warning("connection lost", metadata: [LogKey.error: error.description])
        } else {
            logger.debug("connection ended", metadata: [LogKey.error: error.description])
        }
        run(effects)
        session.stop()
        if startRecovery {
            let task = Task.detached { [self] in await recover(after: error) }
            core.withLock { core in
                if core.phase == .recovering { core.recoveryTask = task } else { task.cancel() }
            }
        }
    }

    static let closedByApplication = AMQPClientError(.connectionClosed, "the connection was closed by the application")

    // MARK: - Waiting for the connection

    /// Returns the deadline for requests made while the connection recovers.
    func defaultDeadline() -> ContinuousClock.Instant {
        .now + .milliseconds(Int64(clamping: configuration.connectionTimeoutMilliseconds))
    }

    /// Returns at once when the connection is open (and, with `requiresUnblocked`, not
    /// blocked by the broker); otherwise waits for that until `deadline`.
    ///
    /// - Throws: `blocked` or `timedOut` at the deadline, `connectionClosed` when the
    ///   connection closes for good first.
    func waitUntilReady(deadline: ContinuousClock.Instant, requiresUnblocked: Bool) async throws(AMQPClientError) {
        let state = core.withLock { core -> Result<Bool, AMQPClientError> in
            switch core.phase {
            case .open:
                return .success(!requiresUnblocked || core.blockedReason == nil)
            case .closed:
                return .failure(core.closeReason ?? AMQPClientError(.connectionClosed, "the connection is closed"))
            case .connecting, .recovering:
                return .success(false)
            }
        }
        if try state.get() { return }

        let id = requestIDs.add(1, ordering: .relaxed).oldValue
        let result = await withTaskGroup(of: Result<Void, AMQPClientError>?.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, AMQPClientError>, Never>) in
                    let immediate = self.core.withLock { core -> Result<Void, AMQPClientError>? in
                        switch core.phase {
                        case .open where !requiresUnblocked || core.blockedReason == nil:
                            return .success(())
                        case .closed:
                            return .failure(core.closeReason ?? AMQPClientError(.connectionClosed, "the connection is closed"))
                        case .open, .connecting, .recovering:
                            core.readyWaiters.append(ConnectionCore.ReadyWaiter(
                                id: id, requiresUnblocked: requiresUnblocked, continuation: continuation
                            ))
                            return nil
                        }
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil {
                // The deadline passed first: take the waiter out and resume it, so the
                // other child task ends.
                let waiter = self.core.withLock { core -> ConnectionCore.ReadyWaiter? in
                    guard let index = core.readyWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return core.readyWaiters.remove(at: index)
                }
                let failure = self.core.withLock { core -> AMQPClientError in
                    if core.phase == .open, core.blockedReason != nil {
                        return AMQPClientError(
                            .blocked,
                            "the broker blocked publishing (\(core.blockedReason ?? "")) past the deadline; free memory or disk on the broker"
                        )
                    }
                    return AMQPClientError(.timedOut, "the connection did not recover before the deadline")
                }
                waiter?.continuation.resume(returning: .failure(failure))
                await group.waitForAll()
                return Result<Void, AMQPClientError>.failure(failure)
            }
            group.cancelAll()
            return first!
        }
        try result.get()
    }

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

extension AMQPClientError {
    /// Whether reconnecting can fix the failure: network failures, missed heartbeats,
    /// protocol errors, and broker closes such as 320 (connection forced, as after
    /// `rabbitmqctl close_connection` or a node shutdown) or 541 (internal error).
    /// Access problems (402, 403, 530) and closes by the application are not retried.
    var isRecoverable: Bool {
        if self == AMQPConnection.closedByApplication { return false }
        if code == .authenticationFailed || code == .invalidConfiguration { return false }
        guard let replyCode else { return true }
        switch replyCode {
        case 402, 403, 530: return false
        default: return true
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
    }
}
