import AMQPClient
import AMQPWire
import Foundation
import Synchronization
import Testing

/// Collects a connection's events so tests can wait for one.
final class EventRecorder: Sendable {
    private final class Storage: Sendable {
        let events = Mutex<[(ContinuousClock.Instant, ConnectionEvent)]>([])
    }

    private let storage = Storage()
    private let task: Task<Void, Never>

    init(_ connection: AMQPConnection) {
        let stream = connection.events()
        let storage = storage
        task = Task {
            for await event in stream {
                storage.events.withLock { $0.append((.now, event)) }
            }
        }
    }

    deinit { task.cancel() }

    var all: [ConnectionEvent] { storage.events.withLock { $0.map(\.1) } }

    /// Waits until an event matching `predicate` was recorded and returns when it came.
    func waitFor(
        _ description: String,
        timeout: Duration = .seconds(30),
        _ predicate: @escaping @Sendable (ConnectionEvent) -> Bool
    ) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = storage.events.withLock({ $0.first { predicate($0.1) } }) { return match.0 }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw DeadlineExceeded(what: "waiting for \(description); events so far: \(all)", duration: timeout)
    }
}

extension ConnectionEvent {
    var isRecovered: Bool { if case .recovered = self { true } else { false } }
    var isLost: Bool { if case .connectionLost = self { true } else { false } }
}

/// Receives one message from `consumer` within `timeout`.
func receive(_ consumer: AMQPConsumer, timeout: Duration = .seconds(10)) async throws -> AMQPMessage {
    try await withDeadline(timeout, "a delivery on \(consumer.queue)") {
        for try await message in consumer { return message }
        throw ProxyError("the consumer ended")
    }
}

@Suite("Recovery from connection failures", .serialized)
struct RecoveryTests {
    static func fastRecovery(_ configuration: inout AMQPConfiguration) {
        configuration.recovery.initialDelay = .milliseconds(100)
        configuration.recovery.maximumDelay = .seconds(1)
    }

    @Test func closedConnectionRecoversConsumers() async throws {
        var configuration = try TestBroker.configuration()
        let name = TestBroker.uniqueName("test.recovery")
        configuration.connectionName = name
        Self.fastRecovery(&configuration)
        let connection = try await AMQPConnection.connect(configuration)
        let recorder = EventRecorder(connection)

        let channel = try await connection.openChannel()
        try await channel.exchangeDeclare(name, type: "topic", durable: false, autoDelete: false)
        let queue = try await channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true).queue
        try await channel.queueBind(queue: queue, exchange: name, routingKey: "events.#")
        try await channel.basicQos(prefetchCount: 5)
        let consumer = try await channel.basicConsume(queue: queue)

        let listing = try BrokerControl.run(["list_connections", "pid", "client_properties"])
        let line = try #require(listing.split(separator: "\n").first { $0.contains(name) })
        let pid = String(line.split(separator: "\t")[0])
        let closedAt = ContinuousClock.now
        try BrokerControl.run(["close_connection", pid, "closed by the recovery test"])

        let lostAt = try await recorder.waitFor("connectionLost") { $0.isLost }
        let recoveredAt = try await recorder.waitFor("recovered") { $0.isRecovered }
        print("close_connection: detected after \(lostAt - closedAt), recovered after \(recoveredAt - closedAt)")
        #expect(connection.isOpen)
        #expect(channel.isOpen)

        // The server-named queue was declared again under a new name, its binding and
        // consumer followed it, and messages flow.
        try await channel.basicPublish(exchange: name, routingKey: "events.after", body: Array("after".utf8))
        let message = try await receive(consumer)
        #expect(message.body == Array("after".utf8))
        try await message.ack()
        try await channel.exchangeDelete(name)
        await connection.close()
    }

    @Test func silentDropDetectedAndRecovered() async throws {
        var configuration = try TestBroker.configuration()
        let proxy = try FaultProxy(targetPort: configuration.port)
        defer { proxy.stop() }
        configuration.host = "127.0.0.1"
        configuration.port = proxy.port
        configuration.heartbeatSeconds = 1
        configuration.connectionTimeoutMilliseconds = 2000
        Self.fastRecovery(&configuration)
        let connection = try await AMQPConnection.connect(configuration)
        let recorder = EventRecorder(connection)
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("test.silent")
        try await channel.queueDeclare(queue, durable: false, autoDelete: true)
        let consumer = try await channel.basicConsume(queue: queue)

        let pausedAt = ContinuousClock.now
        proxy.pause()
        let lostAt = try await recorder.waitFor("connectionLost", timeout: .seconds(10)) { event in
            if case .connectionLost(let error) = event { return error.code == .heartbeatTimeout }
            return false
        }
        let detection = lostAt - pausedAt
        // Two heartbeat intervals are 2 s; the margin absorbs a machine loaded by parallel tests.
        #expect(detection < .seconds(5), "two heartbeat intervals are 2 s; detection took \(detection)")

        proxy.resume()
        let resumedAt = ContinuousClock.now
        let recoveredAt = try await recorder.waitFor("recovered", timeout: .seconds(20)) { $0.isRecovered }
        print("silent drop: detected after \(detection), recovered \(recoveredAt - resumedAt) after the network came back")

        try await channel.basicPublish(exchange: "", routingKey: queue, body: Array("through the proxy".utf8))
        let message = try await receive(consumer)
        #expect(message.body == Array("through the proxy".utf8))
        #expect(proxy.acceptedCount >= 2)
        await connection.close()
    }

    @Test func staleDeliveryTagIsDroppedAndRedelivered() async throws {
        var configuration = try TestBroker.configuration()
        let name = TestBroker.uniqueName("test.stale")
        configuration.connectionName = name
        Self.fastRecovery(&configuration)
        let connection = try await AMQPConnection.connect(configuration)
        let recorder = EventRecorder(connection)
        let channel = try await connection.openChannel()
        let queue = name
        try await channel.queueDeclare(queue, durable: true)
        try await channel.basicPublish(exchange: "", routingKey: queue, body: Array("once".utf8), properties: .init(deliveryMode: 2))
        let consumer = try await channel.basicConsume(queue: queue)
        let first = try await receive(consumer)
        #expect(!first.redelivered)

        let listing = try BrokerControl.run(["list_connections", "pid", "client_properties"])
        let line = try #require(listing.split(separator: "\n").first { $0.contains(name) })
        try BrokerControl.run(["close_connection", String(line.split(separator: "\t")[0]), "stale tag test"])
        _ = try await recorder.waitFor("recovered") { $0.isRecovered }

        // The old tag would name another message on the new channel: the ack is dropped.
        try await first.ack()
        let again = try await receive(consumer)
        #expect(again.redelivered)
        #expect(again.body == Array("once".utf8))
        try await again.ack()
        try await channel.queueDelete(queue)
        await connection.close()
    }

    @Test func publishDuringRecoveryWaitsForIt() async throws {
        var configuration = try TestBroker.configuration()
        let proxy = try FaultProxy(targetPort: configuration.port)
        defer { proxy.stop() }
        configuration.port = proxy.port
        configuration.heartbeatSeconds = 1
        configuration.connectionTimeoutMilliseconds = 1000
        Self.fastRecovery(&configuration)
        let connection = try await AMQPConnection.connect(configuration)
        let recorder = EventRecorder(connection)
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("test.waiting")
        try await channel.queueDeclare(queue, durable: false, autoDelete: false)
        try await channel.confirmSelect()

        proxy.pause()
        _ = try await recorder.waitFor("connectionLost", timeout: .seconds(10)) { $0.isLost }
        #expect(connection.isRecovering)

        // A publish with a short deadline fails with a timeout instead of hanging...
        await #expect {
            try await channel.basicPublish(exchange: "", routingKey: queue, body: Array("too early".utf8), timeout: .milliseconds(500))
        } throws: { error in
            (error as? AMQPClientError)?.code == .timedOut
        }
        // ...and one with a longer deadline waits for the recovery and is confirmed.
        let waiting = Task {
            try await channel.basicPublish(exchange: "", routingKey: queue, body: Array("after recovery".utf8), timeout: .seconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        proxy.resume()
        let outcome = try await withDeadline(.seconds(25), "the waiting publish") { try await waiting.value }
        #expect(outcome == .acked)
        #expect(connection.isOpen)
        let declared = try await channel.queueDeclare(queue, passive: true)
        #expect(declared.messageCount == 1)
        try await channel.queueDelete(queue)
        await connection.close()
    }

    @Test func inFlightPublishFailsWhenConnectionDrops() async throws {
        var configuration = try TestBroker.configuration()
        let proxy = try FaultProxy(targetPort: configuration.port)
        defer { proxy.stop() }
        configuration.port = proxy.port
        configuration.recovery = .disabled
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        let queue = try await channel.queueDeclare("", durable: false, exclusive: true).queue
        try await channel.confirmSelect()

        proxy.pause()
        let publish = Task {
            try await channel.basicPublish(exchange: "", routingKey: queue, body: Array("lost".utf8), timeout: .seconds(30))
        }
        try await Task.sleep(for: .milliseconds(200))
        proxy.closeConnections()
        await #expect {
            _ = try await withDeadline(.seconds(5), "the failed publish") { try await publish.value }
        } throws: { error in
            (error as? AMQPClientError)?.code == .connectionClosed
        }
    }
}

/// Runs alone (scripts/test.sh filters on the `Isolated` prefix), because it counts the
/// process's file descriptors and memory.
@Suite("Resource use over many connections", .serialized)
struct IsolatedResourceTests {
    static func openFileDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }

    static func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let pages = Int(statm.split(separator: " ")[1]) ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func connectionsAndChannelsDoNotLeak() async throws {
        let configuration = try TestBroker.configuration()
        // Warm up, so that one-time allocations do not count as growth.
        for _ in 0..<50 {
            let connection = try await AMQPConnection.connect(configuration)
            _ = try await connection.openChannel()
            await connection.close()
        }
        try await Task.sleep(for: .milliseconds(200))
        let descriptorsBefore = try Self.openFileDescriptors()
        let memoryBefore = try Self.residentBytes()

        for _ in 0..<10_000 {
            let connection = try await AMQPConnection.connect(configuration)
            await connection.close()
        }
        let connection = try await AMQPConnection.connect(configuration)
        for _ in 0..<10_000 {
            let channel = try await connection.openChannel()
            await channel.close()
        }
        await connection.close()
        try await Task.sleep(for: .milliseconds(500))

        let descriptorsAfter = try Self.openFileDescriptors()
        let memoryAfter = try Self.residentBytes()
        print("10,000 connections and 10,000 channels: descriptors \(descriptorsBefore) -> \(descriptorsAfter), resident memory \(memoryBefore / 1024) KiB -> \(memoryAfter / 1024) KiB")
        #expect(descriptorsAfter <= descriptorsBefore + 2)
        #expect(memoryAfter - memoryBefore < 16 * 1024 * 1024)
    }
}
