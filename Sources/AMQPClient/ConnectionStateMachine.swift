import AMQPWire

/// The lifecycle of one AMQP connection on channel 0, from the protocol header to the
/// final `close-ok`, as a plain value.
///
/// Inputs are events that happened (`startReceived`, `closeOkReceived`); each returns
/// the action the connection must perform. The state machine does no I/O, so tests drive
/// it directly.
struct ConnectionStateMachine {
    /// Limits agreed in `connection.tune` / `tune-ok`.
    struct Tuning: Equatable {
        /// Highest usable channel number.
        var channelMax: UInt16
        /// Largest frame in bytes, including the 8 bytes of frame overhead; 0 means no limit.
        var frameMax: UInt32
        /// Heartbeat interval in seconds; 0 disables heartbeats.
        var heartbeatSeconds: UInt16
    }

    enum State: Equatable {
        case awaitingStart
        case awaitingTune
        case awaitingOpenOk(Tuning)
        case open(Tuning)
        /// This side sent `connection.close` and waits for `close-ok`.
        case closing(Tuning?)
        case closed
    }

    enum Action: Equatable {
        case sendStartOk(AMQPMethod.Connection.StartOk)
        case sendTuneOkAndOpen(AMQPMethod.Connection.Tune, AMQPMethod.Connection.Open, Tuning)
        case connectionOpened(Tuning)
        case sendClose(AMQPMethod.Connection.Close)
        /// Send `close-ok` for the broker's `connection.close` and fail everything pending with `error`.
        case sendCloseOkAndShutDown(AMQPClientError)
        /// The handshake or the connection failed: close the socket and fail everything pending.
        case shutDown(AMQPClientError)
        /// Our close was acknowledged.
        case closeCompleted
        case none
    }

    private(set) var state: State = .awaitingStart
    let configuration: AMQPConfiguration
    let clientProperties: AMQPFieldTable

    init(configuration: AMQPConfiguration, clientProperties: AMQPFieldTable) {
        self.configuration = configuration
        self.clientProperties = clientProperties
    }

    var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    var tuning: Tuning? {
        switch state {
        case .awaitingOpenOk(let tuning), .open(let tuning): tuning
        case .closing(let tuning): tuning
        case .awaitingStart, .awaitingTune, .closed: nil
        }
    }

    mutating func startReceived(_ start: AMQPMethod.Connection.Start) -> Action {
        switch state {
        case .awaitingStart:
            let mechanisms = String(decoding: start.mechanisms, as: UTF8.self).split(separator: " ")
            guard mechanisms.contains("PLAIN") else {
                state = .closed
                return .shutDown(AMQPClientError(
                    .connectionFailed,
                    "the broker does not offer PLAIN authentication (offered: \(mechanisms.joined(separator: ", ")))"
                ))
            }
            state = .awaitingTune
            // SASL PLAIN (RFC 4616): authorization identity, NUL, user name, NUL, password.
            var response: [UInt8] = [0]
            response += Array(configuration.username.utf8)
            response.append(0)
            response += Array(configuration.password.utf8)
            return .sendStartOk(AMQPMethod.Connection.StartOk(
                clientProperties: clientProperties,
                mechanism: "PLAIN",
                response: response,
                locale: "en_US"
            ))
        case .awaitingTune, .awaitingOpenOk, .open, .closing, .closed:
            return unexpected("connection.start")
        }
    }

    mutating func tuneReceived(_ tune: AMQPMethod.Connection.Tune) -> Action {
        switch state {
        case .awaitingTune:
            let tuning = Tuning(
                channelMax: Self.negotiateLimit(client: configuration.channelMax, server: tune.channelMax),
                frameMax: Self.negotiateLimit(client: configuration.frameMax, server: tune.frameMax),
                heartbeatSeconds: Self.negotiateHeartbeat(client: configuration.heartbeatSeconds, server: tune.heartbeat)
            )
            state = .awaitingOpenOk(tuning)
            return .sendTuneOkAndOpen(
                AMQPMethod.Connection.Tune(
                    channelMax: tuning.channelMax,
                    frameMax: tuning.frameMax,
                    heartbeat: tuning.heartbeatSeconds
                ),
                AMQPMethod.Connection.Open(virtualHost: configuration.virtualHost),
                tuning
            )
        case .awaitingStart, .awaitingOpenOk, .open, .closing, .closed:
            return unexpected("connection.tune")
        }
    }

    mutating func openOkReceived() -> Action {
        switch state {
        case .awaitingOpenOk(let tuning):
            state = .open(tuning)
            return .connectionOpened(tuning)
        case .awaitingStart, .awaitingTune, .open, .closing, .closed:
            return unexpected("connection.open-ok")
        }
    }

    mutating func closeReceived(_ close: AMQPMethod.Connection.Close) -> Action {
        switch state {
        case .awaitingStart, .awaitingTune:
            state = .closed
            // RabbitMQ closes with 403 ACCESS_REFUSED after start-ok when the credentials
            // are wrong (the authentication_failure_close capability).
            if close.replyCode == 403 {
                return .sendCloseOkAndShutDown(AMQPClientError(
                    .authenticationFailed,
                    "the broker rejected the user name or password",
                    replyCode: close.replyCode,
                    replyText: close.replyText
                ))
            }
            return .sendCloseOkAndShutDown(.closedByBroker(.connectionFailed, close))
        case .awaitingOpenOk:
            state = .closed
            // 530 NOT_ALLOWED here means the user may not use the virtual host or it does not exist.
            return .sendCloseOkAndShutDown(AMQPClientError(
                .connectionFailed,
                "the broker refused to open virtual host '\(configuration.virtualHost)'",
                replyCode: close.replyCode,
                replyText: close.replyText
            ))
        case .open:
            state = .closed
            return .sendCloseOkAndShutDown(.closedByBroker(.connectionClosed, close))
        case .closing:
            // Both sides closed at once: send close-ok and treat the broker's close as final.
            state = .closed
            return .sendCloseOkAndShutDown(.closedByBroker(.connectionClosed, close))
        case .closed:
            return .none
        }
    }

    mutating func closeOkReceived() -> Action {
        switch state {
        case .closing:
            state = .closed
            return .closeCompleted
        case .awaitingStart, .awaitingTune, .awaitingOpenOk, .open, .closed:
            return unexpected("connection.close-ok")
        }
    }

    /// Records that the application requested to close the connection.
    mutating func closeRequested() -> Action {
        switch state {
        case .open(let tuning):
            state = .closing(tuning)
            return .sendClose(AMQPMethod.Connection.Close(replyCode: 200, replyText: "closed by the application"))
        case .awaitingStart, .awaitingTune, .awaitingOpenOk:
            state = .closed
            return .shutDown(AMQPClientError(.connectionClosed, "the connection was closed during the handshake"))
        case .closing, .closed:
            return .none
        }
    }

    /// Records that the socket failed, a heartbeat deadline passed, or the peer sent invalid bytes.
    mutating func connectionLost(_ error: AMQPClientError) -> Action {
        switch state {
        case .closed:
            return .none
        case .closing:
            // Our close was sent; a socket closed by the broker right after is the normal end.
            state = .closed
            return .closeCompleted
        case .awaitingStart, .awaitingTune, .awaitingOpenOk, .open:
            state = .closed
            return .shutDown(error)
        }
    }

    private mutating func unexpected(_ method: String) -> Action {
        state = .closed
        return .shutDown(AMQPClientError(.protocolError, "the broker sent \(method) out of order", replyCode: 503))
    }

    /// For `channel-max` and `frame-max`, 0 means "no limit", so the lower non-zero value wins.
    static func negotiateLimit<T: FixedWidthInteger>(client: T, server: T) -> T {
        if client == 0 { return server }
        if server == 0 { return client }
        return min(client, server)
    }

    /// Returns the heartbeat interval: when one side disables heartbeats (0), the other's
    /// value is used, otherwise the lower one.
    static func negotiateHeartbeat(client: UInt16, server: UInt16) -> UInt16 {
        if client == 0 || server == 0 { return max(client, server) }
        return min(client, server)
    }
}
