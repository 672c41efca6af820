import AMQPWire
import Testing

@testable import AMQPClient

/// Connections that the broker ends: a `connection.close` and bytes that are not AMQP.
@Suite("AMQPConnection closed by the broker")
struct AMQPConnectionBrokerCloseTests {
    static let forced = "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'"

    @Test func brokerCloseIsAnsweredWithCloseOk() async throws {
        let broker = try ScriptedBroker { session in
            try session.send(.method(channel: 0, .connection(.close(.init(replyCode: 320, replyText: Self.forced)))))
            try session.expect("connection.close-ok", channel: 0)
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let reason = try await withTimeLimit(.seconds(5)) {
            await connection.waitUntilClosed()
        }
        #expect(reason.code == .connectionClosed)
        #expect(reason.replyCode == 320)
        #expect(reason.replyText == Self.forced)
        #expect(connection.closeReason?.replyCode == 320)
        #expect(connection.closeReason?.replyText == Self.forced)
        #expect(!connection.isOpen)
        await broker.expectScriptPassed()
    }

    @Test func channelFailsAfterBrokerClose() async throws {
        let broker = try ScriptedBroker { session in
            try session.acceptChannelOpen()
            try session.expect("queue.declare", channel: 1)
            try session.send(.method(channel: 0, .connection(.close(.init(
                replyCode: 320,
                replyText: Self.forced
            )))))
            try session.expect("connection.close-ok", channel: 0)
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let channel = try await withTimeLimit(.seconds(5)) {
            try await connection.openChannel()
        }
        do {
            try await withTimeLimit(.seconds(5)) {
                try await channel.queueDeclare("orders")
            }
            Issue.record("queue.declare succeeded although the broker closed the connection")
        } catch let error as AMQPClientError {
            #expect(error.code == .connectionClosed)
            #expect(error.replyCode == 320)
        }
        #expect(!channel.isOpen)
        await broker.expectScriptPassed()
    }

    /// A frame whose last byte is not 0xCE: the client must close with a frame error
    /// (501) and fail, never crash.
    @Test func malformedFrameClosesWithFrameError() async throws {
        let broker = try ScriptedBroker { session in
            try session.sendRaw([
                0x01,  // frame type: method
                0x00, 0x00,  // channel 0
                0x00, 0x00, 0x00, 0x04,  // payload size: 4
                0x00, 0x0A, 0x00, 0x3D,  // connection.unblocked (class 10, method 61)
                0x00,  // frame end: 0x00 instead of 0xCE
            ])
            let (_, method) = try session.expect("connection.close", channel: 0)
            guard case .connection(.close(let close)) = method, close.replyCode == 501 || close.replyCode == 505 else {
                throw ScriptFailure("expected a close with 501 or 505, received \(method)")
            }
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let reason = try await withTimeLimit(.seconds(5)) {
            await connection.waitUntilClosed()
        }
        #expect(reason.code == .protocolError)
        #expect(reason.replyCode == 501)
        #expect(!connection.isOpen)
        await broker.expectScriptPassed()
    }

    @Test func unknownFrameTypeClosesWithFrameError() async throws {
        let broker = try ScriptedBroker { session in
            try session.sendRaw([0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xCE])
            try session.waitForDisconnect(timeout: .seconds(5))
        }
        let configuration = broker.configuration()
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let reason = try await withTimeLimit(.seconds(5)) {
            await connection.waitUntilClosed()
        }
        #expect(reason.code == .protocolError)
        #expect(reason.replyCode == 501)
        await broker.expectScriptPassed()
    }

    /// With recovery on (the default), a 320 close is recoverable: the connection reports
    /// the loss and starts reconnecting instead of closing for good.
    @Test func brokerCloseStartsRecoveryWhenEnabled() async throws {
        let broker = try ScriptedBroker { session in
            try session.waitForSignal("listening for events")
            try session.send(.method(channel: 0, .connection(.close(.init(replyCode: 320, replyText: Self.forced)))))
            try session.expect("connection.close-ok", channel: 0)
            // Reconnect attempts wait in the listener's backlog until the test has closed.
            try session.waitForSignal("connection closed", timeout: .seconds(8))
        }
        let configuration = broker.configuration(recovery: RecoveryPolicy(initialDelay: .milliseconds(50)))
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        let events = connection.events()
        broker.signal("listening for events")
        let first = try await withTimeLimit(.seconds(5)) {
            var iterator = events.makeAsyncIterator()
            return await iterator.next()
        }
        guard case .connectionLost(let reason) = first else {
            Issue.record("expected connectionLost, got \(String(describing: first))")
            return
        }
        #expect(reason.replyCode == 320)
        #expect(connection.isRecovering)
        #expect(!connection.isOpen)
        #expect(connection.closeReason == nil)

        await connection.close(timeout: .seconds(2))
        #expect(connection.closeReason == AMQPConnection.closedByApplication)
        broker.signal("connection closed")
        await broker.expectScriptPassed()
    }
}
