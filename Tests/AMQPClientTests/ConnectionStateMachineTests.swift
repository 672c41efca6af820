import AMQPWire
import Testing

@testable import AMQPClient

/// Drives the connection state machine with inputs and checks the actions, with no socket.
@Suite("ConnectionStateMachine")
struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine
    typealias Tuning = ConnectionStateMachine.Tuning

    static let configuration = AMQPConfiguration(
        host: "broker.test",
        username: "user",
        password: "s3cr3t-PW",
        virtualHost: "events",
        heartbeatSeconds: 60,
        frameMax: 131_072,
        channelMax: 2047
    )

    static func makeMachine(_ configuration: AMQPConfiguration = configuration) -> Machine {
        Machine(
            configuration: configuration,
            clientProperties: AMQPConnection.clientProperties(connectionName: configuration.connectionName)
        )
    }

    static func start(mechanisms: String = "AMQPLAIN PLAIN") -> AMQPMethod.Connection.Start {
        AMQPMethod.Connection.Start(
            serverProperties: ["product": .string("RabbitMQ")],
            mechanisms: Array(mechanisms.utf8),
            locales: Array("en_US".utf8)
        )
    }

    static let brokerTune = AMQPMethod.Connection.Tune(channelMax: 2047, frameMax: 131_072, heartbeat: 60)

    /// Returns a machine that has completed the handshake.
    static func openMachine() -> Machine {
        var machine = makeMachine()
        _ = machine.startReceived(start())
        _ = machine.tuneReceived(brokerTune)
        _ = machine.openOkReceived()
        return machine
    }

    /// Returns the error of a `shutDown` action, or records an issue for any other action.
    static func shutDownError(_ action: Machine.Action, sourceLocation: SourceLocation = #_sourceLocation) -> AMQPClientError? {
        guard case .shutDown(let error) = action else {
            Issue.record("expected shutDown, got \(action)", sourceLocation: sourceLocation)
            return nil
        }
        return error
    }

    /// Returns the error of a `sendCloseOkAndShutDown` action, or records an issue for any
    /// other action.
    static func closeOkError(_ action: Machine.Action, sourceLocation: SourceLocation = #_sourceLocation) -> AMQPClientError? {
        guard case .sendCloseOkAndShutDown(let error) = action else {
            Issue.record("expected sendCloseOkAndShutDown, got \(action)", sourceLocation: sourceLocation)
            return nil
        }
        return error
    }

    // MARK: - Handshake

    @Test func handshakeSendsStartOkWithPlainResponse() throws {
        var machine = Self.makeMachine()
        #expect(machine.state == .awaitingStart)

        let action = machine.startReceived(Self.start())
        guard case .sendStartOk(let startOk) = action else {
            Issue.record("expected sendStartOk, got \(action)")
            return
        }
        #expect(startOk.mechanism == "PLAIN")
        #expect(startOk.response == [0] + Array("user".utf8) + [0] + Array("s3cr3t-PW".utf8))
        #expect(startOk.locale == "en_US")
        #expect(machine.state == .awaitingTune)
    }

    @Test(arguments: [
        "publisher_confirms",
        "consumer_cancel_notify",
        "exchange_exchange_bindings",
        "basic.nack",
        "connection.blocked",
        "authentication_failure_close",
        "per_consumer_qos",
    ])
    func startOkAdvertisesCapability(_ capability: String) throws {
        var machine = Self.makeMachine()
        guard case .sendStartOk(let startOk) = machine.startReceived(Self.start()) else {
            Issue.record("expected sendStartOk")
            return
        }
        guard case .table(let capabilities) = startOk.clientProperties["capabilities"] else {
            Issue.record("client properties have no capabilities table")
            return
        }
        #expect(capabilities[capability] == .boolean(true))
    }

    @Test func startOkNamesProductAndConnection() {
        var configuration = Self.configuration
        configuration.connectionName = "orders-service"
        var machine = Self.makeMachine(configuration)
        guard case .sendStartOk(let startOk) = machine.startReceived(Self.start()) else {
            Issue.record("expected sendStartOk")
            return
        }
        #expect(startOk.clientProperties["product"]?.stringValue == "Bloodbank AMQPClient")
        #expect(startOk.clientProperties["connection_name"]?.stringValue == "orders-service")
    }

    @Test func handshakeTuneAndOpen() {
        var machine = Self.makeMachine()
        _ = machine.startReceived(Self.start())

        let tune = AMQPMethod.Connection.Tune(channelMax: 100, frameMax: 65_536, heartbeat: 30)
        let expected = Tuning(channelMax: 100, frameMax: 65_536, heartbeatSeconds: 30)
        let action = machine.tuneReceived(tune)
        #expect(action == .sendTuneOkAndOpen(
            AMQPMethod.Connection.Tune(channelMax: 100, frameMax: 65_536, heartbeat: 30),
            AMQPMethod.Connection.Open(virtualHost: "events"),
            expected
        ))
        #expect(machine.state == .awaitingOpenOk(expected))
        #expect(machine.tuning == expected)
        #expect(!machine.isOpen)

        #expect(machine.openOkReceived() == .connectionOpened(expected))
        #expect(machine.state == .open(expected))
        #expect(machine.isOpen)
        #expect(machine.tuning == expected)
    }

    // MARK: - Negotiation

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var client: UInt32
        var server: UInt32
        var expected: UInt32
        var testDescription: String { "client \(client), server \(server) -> \(expected)" }
    }

    static let limitCases: [LimitCase] = [
        LimitCase(client: 0, server: 0, expected: 0),
        LimitCase(client: 0, server: 4096, expected: 4096),
        LimitCase(client: 131_072, server: 0, expected: 131_072),
        LimitCase(client: 131_072, server: 4096, expected: 4096),
        LimitCase(client: 4096, server: 131_072, expected: 4096),
        LimitCase(client: 8192, server: 8192, expected: 8192),
    ]

    @Test(arguments: limitCases)
    func frameMaxNegotiation(_ limit: LimitCase) {
        var configuration = Self.configuration
        configuration.frameMax = limit.client
        var machine = Self.makeMachine(configuration)
        _ = machine.startReceived(Self.start())
        _ = machine.tuneReceived(.init(channelMax: 2047, frameMax: limit.server, heartbeat: 60))
        #expect(machine.tuning?.frameMax == limit.expected)
    }

    /// `channel-max` follows the same rule as `frame-max`: 0 means no limit on that side.
    @Test(arguments: [
        (UInt16(0), UInt16(0), UInt16(0)),
        (0, 2047, 2047),
        (2047, 0, 2047),
        (2047, 64, 64),
        (64, 2047, 64),
    ])
    func channelMaxNegotiation(client: UInt16, server: UInt16, expected: UInt16) {
        var configuration = Self.configuration
        configuration.channelMax = client
        var machine = Self.makeMachine(configuration)
        _ = machine.startReceived(Self.start())
        _ = machine.tuneReceived(.init(channelMax: server, frameMax: 131_072, heartbeat: 60))
        #expect(machine.tuning?.channelMax == expected)
    }

    struct HeartbeatCase: Sendable, CustomTestStringConvertible {
        var client: UInt16
        var server: UInt16
        var expected: UInt16
        var testDescription: String { "client \(client) s, server \(server) s -> \(expected) s" }
    }

    @Test(arguments: [
        HeartbeatCase(client: 0, server: 0, expected: 0),
        HeartbeatCase(client: 0, server: 60, expected: 60),
        HeartbeatCase(client: 30, server: 0, expected: 30),
        HeartbeatCase(client: 10, server: 60, expected: 10),
        HeartbeatCase(client: 60, server: 10, expected: 10),
        HeartbeatCase(client: 5, server: 5, expected: 5),
    ])
    func heartbeatNegotiation(_ heartbeat: HeartbeatCase) {
        var configuration = Self.configuration
        configuration.heartbeatSeconds = heartbeat.client
        var machine = Self.makeMachine(configuration)
        _ = machine.startReceived(Self.start())
        let action = machine.tuneReceived(.init(channelMax: 2047, frameMax: 131_072, heartbeat: heartbeat.server))
        #expect(machine.tuning?.heartbeatSeconds == heartbeat.expected)
        guard case .sendTuneOkAndOpen(let tuneOk, _, _) = action else {
            Issue.record("expected sendTuneOkAndOpen, got \(action)")
            return
        }
        #expect(tuneOk.heartbeat == heartbeat.expected)
    }

    // MARK: - Handshake failures

    @Test func brokerWithoutPlainIsRejected() {
        var machine = Self.makeMachine()
        let action = machine.startReceived(Self.start(mechanisms: "AMQPLAIN EXTERNAL"))
        guard let error = Self.shutDownError(action) else { return }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("PLAIN"))
        #expect(error.message.contains("EXTERNAL"))
        #expect(machine.state == .closed)
    }

    @Test func mechanismNamesMatchWholeWords() {
        var machine = Self.makeMachine()
        let action = machine.startReceived(Self.start(mechanisms: "XPLAIN PLAINTEXT"))
        guard let error = Self.shutDownError(action) else { return }
        #expect(error.code == .connectionFailed)
    }

    @Test func accessRefusedDuringHandshakeIsAuthenticationFailure() {
        var machine = Self.makeMachine()
        _ = machine.startReceived(Self.start())
        let close = AMQPMethod.Connection.Close(
            replyCode: 403,
            replyText: "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN"
        )
        let action = machine.closeReceived(close)
        guard let error = Self.closeOkError(action) else { return }
        #expect(error.code == .authenticationFailed)
        #expect(error.replyCode == 403)
        #expect(error.replyText == close.replyText)
        #expect(!error.description.contains(Self.configuration.password))
        #expect(machine.state == .closed)
    }

    @Test func otherCloseDuringHandshakeIsConnectionFailure() {
        var machine = Self.makeMachine()
        _ = machine.startReceived(Self.start())
        let action = machine.closeReceived(.init(replyCode: 541, replyText: "INTERNAL_ERROR"))
        guard let error = Self.closeOkError(action) else { return }
        #expect(error.code == .connectionFailed)
        #expect(error.replyCode == 541)
    }

    @Test func notAllowedOnOpenNamesVirtualHost() {
        var machine = Self.makeMachine()
        _ = machine.startReceived(Self.start())
        _ = machine.tuneReceived(Self.brokerTune)
        let close = AMQPMethod.Connection.Close(
            replyCode: 530,
            replyText: "NOT_ALLOWED - access to vhost 'events' refused for user 'user'",
            classID: 10,
            methodID: 40
        )
        let action = machine.closeReceived(close)
        guard let error = Self.closeOkError(action) else { return }
        #expect(error.code == .connectionFailed)
        #expect(error.replyCode == 530)
        #expect(error.message.contains("'events'"))
        #expect(machine.state == .closed)
    }

    @Test func closeRequestedDuringHandshakeShutsDown() {
        var machine = Self.makeMachine()
        _ = machine.startReceived(Self.start())
        let action = machine.closeRequested()
        guard let error = Self.shutDownError(action) else { return }
        #expect(error.code == .connectionClosed)
        #expect(machine.state == .closed)
    }

    // MARK: - Closing

    @Test func brokerCloseWhileOpen() {
        var machine = Self.openMachine()
        let close = AMQPMethod.Connection.Close(
            replyCode: 320,
            replyText: "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'",
            classID: 50,
            methodID: 10
        )
        let action = machine.closeReceived(close)
        guard let error = Self.closeOkError(action) else { return }
        #expect(error.code == .connectionClosed)
        #expect(error.replyCode == 320)
        #expect(error.replyText == close.replyText)
        #expect(error.causingMethod == "queue.declare")
        #expect(machine.state == .closed)
        #expect(!machine.isOpen)
    }

    @Test func applicationCloseThenCloseOk() {
        var machine = Self.openMachine()
        let tuning = machine.tuning

        let action = machine.closeRequested()
        guard case .sendClose(let close) = action else {
            Issue.record("expected sendClose, got \(action)")
            return
        }
        #expect(close.replyCode == 200)
        #expect(close.classID == 0)
        #expect(close.methodID == 0)
        #expect(machine.state == .closing(tuning))
        #expect(!machine.isOpen)

        #expect(machine.closeRequested() == .none)
        #expect(machine.closeOkReceived() == .closeCompleted)
        #expect(machine.state == .closed)
    }

    @Test func simultaneousClose() {
        var machine = Self.openMachine()
        _ = machine.closeRequested()

        let close = AMQPMethod.Connection.Close(replyCode: 320, replyText: "CONNECTION_FORCED")
        let action = machine.closeReceived(close)
        guard let error = Self.closeOkError(action) else { return }
        #expect(error.code == .connectionClosed)
        #expect(error.replyCode == 320)
        #expect(machine.state == .closed)
        #expect(machine.closeRequested() == .none)
        #expect(machine.closeReceived(close) == .none)
    }

    // MARK: - Out of order

    enum Input: String, CaseIterable, Sendable {
        case start, tune, openOk, closeOk
    }

    static func feed(_ input: Input, to machine: inout Machine) -> Machine.Action {
        switch input {
        case .start: machine.startReceived(start())
        case .tune: machine.tuneReceived(brokerTune)
        case .openOk: machine.openOkReceived()
        case .closeOk: machine.closeOkReceived()
        }
    }

    /// Inputs that do not fit the state they arrive in, after the inputs that lead there.
    @Test(arguments: [
        ([Input](), Input.tune),
        ([], .openOk),
        ([], .closeOk),
        ([.start], .start),
        ([.start], .openOk),
        ([.start], .closeOk),
        ([.start, .tune], .start),
        ([.start, .tune], .tune),
        ([.start, .tune], .closeOk),
        ([.start, .tune, .openOk], .start),
        ([.start, .tune, .openOk], .tune),
        ([.start, .tune, .openOk], .openOk),
        ([.start, .tune, .openOk], .closeOk),
    ])
    func outOfOrderMethodIsProtocolError(_ before: [Input], _ input: Input) {
        var machine = Self.makeMachine()
        for step in before {
            _ = Self.feed(step, to: &machine)
        }
        let action = Self.feed(input, to: &machine)
        guard let error = Self.shutDownError(action) else { return }
        #expect(error.code == .protocolError)
        #expect(error.replyCode == 503)
        #expect(machine.state == .closed)
    }

    @Test func methodWhileClosingIsProtocolError() {
        var machine = Self.openMachine()
        _ = machine.closeRequested()
        let action = machine.tuneReceived(Self.brokerTune)
        guard let error = Self.shutDownError(action) else { return }
        #expect(error.code == .protocolError)
    }

    // MARK: - Connection lost

    static let lost = AMQPClientError(.connectionClosed, "the broker closed the TCP connection")

    @Test(arguments: [
        [Input](),
        [.start],
        [.start, .tune],
        [.start, .tune, .openOk],
    ])
    func connectionLostBeforeCloseShutsDown(_ before: [Input]) {
        var machine = Self.makeMachine()
        for step in before {
            _ = Self.feed(step, to: &machine)
        }
        #expect(machine.connectionLost(Self.lost) == .shutDown(Self.lost))
        #expect(machine.state == .closed)
    }

    @Test func connectionLostWhileClosingCompletesClose() {
        var machine = Self.openMachine()
        _ = machine.closeRequested()
        #expect(machine.connectionLost(Self.lost) == .closeCompleted)
        #expect(machine.state == .closed)
    }

    @Test func connectionLostWhenClosedDoesNothing() {
        var machine = Self.openMachine()
        _ = machine.closeRequested()
        _ = machine.closeOkReceived()
        #expect(machine.connectionLost(Self.lost) == .none)
        #expect(machine.state == .closed)
    }
}
