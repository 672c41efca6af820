import AMQPWire
import Testing

@testable import AMQPClient

/// Heartbeats against a scripted broker that proposes a 1 s interval.
@Suite("AMQPConnection heartbeats")
struct AMQPConnectionHeartbeatTests {
    static let tune = AMQPMethod.Connection.Tune(channelMax: 2047, frameMax: 4096, heartbeat: 1)

    @Test func idleClientSendsHeartbeats() async throws {
        let broker = try ScriptedBroker(tune: Self.tune) { session in
            // The broker keeps sending its own heartbeats so that the client stays up.
            let received = try session.exchangeHeartbeats(for: .seconds(2), every: .milliseconds(500))
            guard received >= 1 else {
                throw ScriptFailure("the idle client sent no heartbeat frame within 2 s")
            }
            session.mark("idle phase over")
            try session.answerConnectionClose()
        }
        let configuration = broker.configuration(heartbeatSeconds: 1)
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }
        #expect(connection.heartbeatSeconds == 1)
        #expect(await broker.waitForMark("idle phase over", timeout: .seconds(5)))
        #expect(connection.isOpen)
        await connection.close(timeout: .seconds(5))
        await broker.expectScriptPassed()
        #expect(broker.receivedFrames.contains(.heartbeat))
    }

    @Test func silentBrokerCausesHeartbeatTimeout() async throws {
        let broker = try ScriptedBroker(tune: Self.tune) { session in
            // Sends nothing after open-ok, so the client must give up and close the socket.
            try session.waitForDisconnect(timeout: .seconds(8))
        }
        let configuration = broker.configuration(heartbeatSeconds: 1)
        // Measured from before connect, because the test task may resume late after it.
        let started = ContinuousClock.now
        let connection = try await withTimeLimit(.seconds(10)) {
            try await AMQPConnection.connect(configuration)
        }

        let reason = try await withTimeLimit(.seconds(6)) {
            await connection.waitUntilClosed()
        }
        let elapsed = ContinuousClock.now - started
        #expect(reason.code == .heartbeatTimeout)
        #expect(!connection.isOpen)
        #expect(connection.closeReason?.code == .heartbeatTimeout)
        // Two missed intervals of 1 s must pass first. The time limit is the only upper bound.
        #expect(elapsed >= .milliseconds(1900))
        await broker.expectScriptPassed()
    }
}
