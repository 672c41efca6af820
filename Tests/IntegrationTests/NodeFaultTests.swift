import AMQPClient
import AMQPWire
import Foundation
import Synchronization
import Testing

/// Faults that affect the whole broker node. These run alone (scripts/test.sh filters on
/// the `Isolated` prefix), after every other test, because they disturb every connection.
@Suite("Broker node faults", .serialized)
struct IsolatedNodeFaultTests {
    @Test func memoryAlarmBlocksPublishing() async throws {
        var configuration = try TestBroker.configuration()
        configuration.recovery = .disabled
        let publisherConnection = try await AMQPConnection.connect(configuration)
        let consumerConnection = try await AMQPConnection.connect(configuration)
        let publisher = try await publisherConnection.openChannel()
        try await publisher.confirmSelect()
        let queue = TestBroker.uniqueName("test.alarm")
        try await publisher.queueDeclare(queue, durable: false, autoDelete: false)
        for index in 0..<3 {
            try await publisher.basicPublish(exchange: "", routingKey: queue, body: Array("before \(index)".utf8), timeout: .seconds(5))
        }

        try BrokerControl.run(["set_vm_memory_high_watermark", "0"])
        defer { _ = try? BrokerControl.run(["set_vm_memory_high_watermark", "0.4"]) }
        let started = ContinuousClock.now
        await #expect {
            try await publisher.basicPublish(exchange: "", routingKey: queue, body: Array("blocked".utf8), timeout: .seconds(3))
        } throws: { error in
            (error as? AMQPClientError)?.code == .blocked
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(4))
        #expect(publisherConnection.blockedReason != nil)

        // A consumer on another connection keeps receiving while publishing is blocked.
        let consumerChannel = try await consumerConnection.openChannel()
        let consumer = try await consumerChannel.basicConsume(queue: queue)
        let first = try await receive(consumer)
        #expect(first.body == Array("before 0".utf8))
        try await first.ack()

        try BrokerControl.run(["set_vm_memory_high_watermark", "0.4"])
        try await withDeadline(.seconds(10), "the unblock") {
            while publisherConnection.blockedReason != nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let outcome = try await publisher.basicPublish(exchange: "", routingKey: queue, body: Array("after".utf8), timeout: .seconds(5))
        #expect(outcome == .acked)
        try await consumerChannel.queueDelete(queue)
        await publisherConnection.close()
        await consumerConnection.close()
    }

    @Test func brokerRestartLosesNoConfirmedEvent() async throws {
        var configuration = try TestBroker.configuration()
        configuration.recovery.initialDelay = .milliseconds(200)
        configuration.recovery.maximumDelay = .seconds(1)
        let queue = TestBroker.uniqueName("test.restart")
        let total = 50_000
        let publishers = 4

        let consumerConnection = try await AMQPConnection.connect(configuration)
        let consumerEvents = EventRecorder(consumerConnection)
        let consumerChannel = try await consumerConnection.openChannel()
        try await consumerChannel.queueDeclare(queue, durable: true)
        try await consumerChannel.basicQos(prefetchCount: 500)
        let consumer = try await consumerChannel.basicConsume(queue: queue)

        let tally = PublishTally()
                let consuming = Task {
            for try await message in consumer {
                let number = Int(String(decoding: message.body, as: UTF8.self)) ?? -1
                tally.received.withLock { _ = $0.insert(number) }
                try? await message.ack()
            }
        }

        let publisherConnection = try await AMQPConnection.connect(configuration)
        let publisherEvents = EventRecorder(publisherConnection)

        let publishing = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<publishers {
                    group.addTask {
                        guard let channel = try? await publisherConnection.openChannel() else { return }
                        try? await channel.confirmSelect()
                        var number = worker
                        while number < total {
                            // Up to 64 publishes in flight per worker.
                            await withTaskGroup(of: Void.self) { batch in
                                for offset in stride(from: 0, to: 64 * publishers, by: publishers) where number + offset < total {
                                    let value = number + offset
                                    batch.addTask {
                                        do {
                                            let outcome = try await channel.basicPublish(
                                                exchange: "", routingKey: queue, body: Array(String(value).utf8),
                                                properties: .init(deliveryMode: 2), timeout: .seconds(20)
                                            )
                                            if outcome == .acked { tally.confirmed.withLock { _ = $0.insert(value) } }
                                            else { tally.failed.withLock { $0 += 1 } }
                                        } catch {
                                            tally.failed.withLock { $0 += 1 }
                                        }
                                    }
                                }
                            }
                            number += 64 * publishers
                        }
                    }
                }
            }
        }

        // Restart the broker application while publishing is under way.
        try await withDeadline(.seconds(60), "the first 10,000 confirms") {
            while tally.confirmed.withLock({ $0.count }) < 10_000 { try await Task.sleep(for: .milliseconds(20)) }
        }
        let restartedAt = ContinuousClock.now
        try BrokerControl.run(["stop_app"])
        try BrokerControl.run(["start_app"])

        await publishing.value
        let recoveredAt = try await publisherEvents.waitFor("publisher recovered", timeout: .seconds(60)) { $0.isRecovered }
        _ = try await consumerEvents.waitFor("consumer recovered", timeout: .seconds(60)) { $0.isRecovered }

        let confirmedNumbers = tally.confirmed.withLock { $0 }
        let failures = tally.failed.withLock { $0 }
        #expect(confirmedNumbers.count + failures == total)

        // Every confirmed publish is consumed at least once; the consumer resumed by itself.
        try await withDeadline(.seconds(120), "consuming every confirmed event") {
            while !confirmedNumbers.isSubset(of: tally.received.withLock({ $0 })) {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let lost = confirmedNumbers.subtracting(tally.received.withLock { $0 })
        print("broker restart: \(confirmedNumbers.count) confirmed, \(failures) reported as failed, \(lost.count) lost, publisher recovered \(recoveredAt - restartedAt) after the restart began")
        #expect(lost.isEmpty)

        consuming.cancel()
        try await consumerChannel.queueDelete(queue)
        await publisherConnection.close()
        await consumerConnection.close()
    }
}

/// Counters shared by the publishing and consuming tasks of a fault test.
final class PublishTally: Sendable {
    let confirmed = Mutex<Set<Int>>([])
    let received = Mutex<Set<Int>>([])
    let failed = Mutex<Int>(0)
}
