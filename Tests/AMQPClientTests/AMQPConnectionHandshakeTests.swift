import AMQPWire
import Testing

@testable import AMQPClient

/// `AMQPConnection.connect` against a scripted broker: what the client sends during the
/// handshake, and how it reports a refused login.
@Suite("AMQPConnection handshake")
struct AMQPConnectionHandshakeTests {
    @Test func handshakeSendsPlainCredentialsAndCapabilities() async throws {
        let broker = try ScriptedBroker { session in
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration(connectionName: "orders-service")
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()

        let startOk = try #require(broker.startOk)
        #expect(startOk.mechanism == "PLAIN")
        #expect(startOk.response == [0] + Array("user".utf8) + [0] + Array(ScriptedBroker.password.utf8))
        #expect(startOk.locale == "en_US")
        #expect(startOk.clientProperties["connection_name"]?.stringValue == "orders-service")
        guard case .table(let capabilities) = startOk.clientProperties["capabilities"] else {
            Issue.record("start-ok has no capabilities table")
            return
        }
        for capability in [
            "publisher_confirms", "consumer_cancel_notify", "exchange_exchange_bindings", "basic.nack",
            "connection.blocked", "authentication_failure_close", "per_consumer_qos",
        ] {
            #expect(capabilities[capability] == .boolean(true), "capability \(capability)")
        }
    }

    @Test func tuneOkCarriesNegotiatedValues() async throws {
        let tune = AMQPMethod.Connection.Tune(channelMax: 100, frameMax: 4096, heartbeat: 60)
        let broker = try ScriptedBroker(tune: tune) { session in
            try session.answerConnectionClose()
        }
        // The client proposes 2047 channels, 131072-byte frames and 30 s heartbeats.
        let configuration = broker.configuration(heartbeatSeconds: 30, virtualHost: "events")
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        #expect(connection.isOpen)
        #expect(connection.frameMax == 4096)
        #expect(connection.heartbeatSeconds == 30)
        #expect(connection.serverProperties["product"]?.stringValue == "ScriptedBroker")
        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()

        #expect(broker.tuneOk == AMQPMethod.Connection.Tune(channelMax: 100, frameMax: 4096, heartbeat: 30))
        #expect(broker.open?.virtualHost == "events")
    }

    @Test func tuneOkFollowsBrokerWhenClientHasNoLimit() async throws {
        let tune = AMQPMethod.Connection.Tune(channelMax: 0, frameMax: 8192, heartbeat: 0)
        let broker = try ScriptedBroker(tune: tune) { session in
            try session.answerConnectionClose()
        }
        var unlimited = broker.configuration(heartbeatSeconds: 0)
        unlimited.frameMax = 0
        unlimited.channelMax = 0
        let configuration = unlimited
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
        #expect(broker.tuneOk == AMQPMethod.Connection.Tune(channelMax: 0, frameMax: 8192, heartbeat: 0))
    }

    @Test func applicationCloseSendsCloseAndEnds() async throws {
        let broker = try ScriptedBroker { session in
            let close = try session.answerConnectionClose()
            guard close.replyCode == 200 else {
                throw ScriptFailure("the client closed with \(close.replyCode), expected 200")
            }
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        await connection.close(timeout: .seconds(5))
        #expect(!connection.isOpen)
        #expect(connection.closeReason?.code == .connectionClosed)
        await broker.expectScriptPassed()
    }

    @Test func wrongCredentialsSurfaceAuthenticationFailed() async throws {
        let broker = try ScriptedBroker(handshake: .rejectCredentials) { _ in }
        let configuration = broker.configuration()
        do {
            _ = try await withTimeLimit(.seconds(10)) {
                try await AMQPConnection.connect(configuration)
            }
            Issue.record("connect succeeded although the broker refused the login")
        } catch let error as AMQPClientError {
            #expect(error.code == .authenticationFailed)
            #expect(error.replyCode == 403)
            #expect(!error.description.contains(ScriptedBroker.password))
        }
        await broker.expectScriptPassed()
    }

    @Test func brokerWithoutPlainFailsConnect() async throws {
        let broker = try ScriptedBroker(mechanisms: "AMQPLAIN EXTERNAL") { _ in }
        let configuration = broker.configuration()
        do {
            _ = try await withTimeLimit(.seconds(10)) {
                try await AMQPConnection.connect(configuration)
            }
            Issue.record("connect succeeded although the broker offers no PLAIN")
        } catch let error as AMQPClientError {
            #expect(error.code == .connectionFailed)
        }
        // The script fails because no start-ok arrives, so only the client's error is checked.
        _ = await broker.finish()
        #expect(broker.startOk == nil)
    }

    @Test func notAllowedOnOpenFailsConnectNamingVirtualHost() async throws {
        let broker = try ScriptedBroker(handshake: .leftToScript) { session in
            try session.send(.method(channel: 0, .connection(.start(.init(
                serverProperties: [:],
                mechanisms: Array("PLAIN".utf8),
                locales: Array("en_US".utf8)
            )))))
            try session.expect("connection.start-ok", channel: 0)
            try session.send(.method(channel: 0, .connection(.tune(.init(channelMax: 2047, frameMax: 4096, heartbeat: 0)))))
            try session.expect("connection.tune-ok", channel: 0)
            try session.expect("connection.open", channel: 0)
            try session.send(.method(channel: 0, .connection(.close(.init(
                replyCode: 530,
                replyText: "NOT_ALLOWED - vhost missing-vhost not found",
                classID: 10,
                methodID: 40
            )))))
            try session.expect("connection.close-ok", channel: 0)
        }
        let configuration = broker.configuration(virtualHost: "missing-vhost")
        do {
            _ = try await withTimeLimit(.seconds(10)) {
                try await AMQPConnection.connect(configuration)
            }
            Issue.record("connect succeeded although the broker refused the virtual host")
        } catch let error as AMQPClientError {
            #expect(error.code == .connectionFailed)
            #expect(error.replyCode == 530)
            #expect(error.description.contains("missing-vhost"))
        }
        await broker.expectScriptPassed()
    }

    @Test func silentBrokerTimesOutHandshake() async throws {
        let broker = try ScriptedBroker(handshake: .leftToScript) { session in
            // Never sends connection.start.
            try session.waitForDisconnect(timeout: .seconds(8))
        }
        var configuration = broker.configuration()
        configuration.connectionTimeoutMilliseconds = 500
        let shortTimeout = configuration
        let started = ContinuousClock.now
        do {
            _ = try await withTimeLimit(.seconds(6)) {
                try await AMQPConnection.connect(shortTimeout)
            }
            Issue.record("connect succeeded although the broker sent nothing")
        } catch let error as AMQPClientError {
            #expect(error.code == .timedOut)
        }
        #expect(ContinuousClock.now - started >= .milliseconds(400))
        await broker.expectScriptPassed()
    }
}
