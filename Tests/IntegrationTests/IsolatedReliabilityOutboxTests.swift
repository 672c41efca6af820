import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// The payload the probe producer publishes through its outbox.
struct OutboxProbeEvent: EventPayload {
    static let eventType = "bloodbanktest.outbox.sequenced"
    var sequence: Int
    var label: String
}

/// The durable outbox against a broker outage and a producer crash. Runs alone because it
/// stops the broker.
@Suite("Outbox across a broker outage and a producer crash", .serialized)
struct IsolatedReliabilityOutboxTests {
    @Test func outboxDeliversEveryEventInOrder() async throws {
        let total = 10_000
        let fixture = try await ReliabilityFixture.make("outbox")
        let run = fixture.queue
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(run).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }

        // The consumer records each of this run's events in arrival order.
        let subscription = try await fixture.client.subscribe(
            queue: .durable(fixture.queue),
            bindings: [OutboxProbeEvent.eventType],
            prefetch: 500
        )
        let arrivals = Mutex<[(sequence: Int, redelivered: Bool)]>([])
        let seen = Mutex<Set<Int>>([])
        let consumer = Task {
            try await subscription.run(as: OutboxProbeEvent.self) { event in
                guard event.payload.label == run else { return }
                arrivals.withLock { $0.append((event.payload.sequence, event.redelivered)) }
                let count = seen.withLock { seen -> Int in
                    seen.insert(event.payload.sequence)
                    return seen.count
                }
                if count == total { await subscription.cancel() }
            }
        }

        // First producer run: stop the broker under it, keep storing, then kill it.
        let started = ContinuousClock.now
        let first = try ProbeProcess(["produce", path, run, "0", "\(total)"])
        try await first.waitFor("2,000 events stored", within: .seconds(120)) { $0.numbers("enqueued").count >= 2_000 }
        try BrokerControl.run(["stop_app"])
        // Restarts the broker for the tests that follow when this one fails while it is stopped.
        var brokerStopped = true
        defer {
            if brokerStopped { _ = try? BrokerControl.run(["start_app"]) }
        }
        let storedAtStop = first.numbers("enqueued").count
        try await first.waitFor("500 more events stored offline", within: .seconds(120)) {
            $0.numbers("enqueued").count >= storedAtStop + 500
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit(within: .seconds(10))
        let lastStored = first.numbers("enqueued").max() ?? -1

        // What the crash left in the outbox: the only events that may arrive twice.
        let leftover = try await Outbox(path: path).pending(limit: total)
        let crashWindow = Set(try leftover.map { entry in
            try EventEnvelope.decode(entry.body).decodePayload(OutboxProbeEvent.self).sequence
        }).union([lastStored + 1])
        try BrokerControl.run(["start_app"])
        brokerStopped = false

        // Second run: relays what the first left, then stores and relays the rest.
        let second = try ProbeProcess(["produce", path, run, "\(lastStored + 1)", "\(total)"])
        try await second.waitFor("the second producer to drain its outbox", within: .seconds(300)) { $0.lines.contains("drained") }
        #expect(try await second.waitForExit(within: .seconds(30)) == 0)
        try await withDeadline(.seconds(120), "consuming \(total) events") { try await consumer.value }
        let elapsed = ContinuousClock.now - started

        let received = arrivals.withLock { $0 }
        let fresh = received.filter { !$0.redelivered }
        var firstSeen: [Int] = []
        var counts: [Int: Int] = [:]
        for arrival in fresh {
            counts[arrival.sequence, default: 0] += 1
            if counts[arrival.sequence] == 1 { firstSeen.append(arrival.sequence) }
        }
        let duplicates = Set(counts.filter { $0.value > 1 }.keys)
        print("""
            outbox: \(total) events in \(elapsed); \(storedAtStop) stored before the broker stopped, \
            \(lastStored + 1) before the kill, \(leftover.count) left in the outbox at the kill, \
            \(duplicates.count) published twice, \(received.count - fresh.count) redelivered by the broker
            """)
        // An event whose first delivery died with the broker's stop arrives only as a
        // redelivery, so losses are counted over every arrival, order over first arrivals.
        #expect(Set(received.map(\.sequence)) == Set(0..<total), "an event was lost")
        #expect(firstSeen == firstSeen.sorted(), "events arrived out of order")
        #expect(duplicates.isSubset(of: crashWindow), "a duplicate outside the crash window")
        #expect(counts.values.allSatisfy { $0 <= 2 })
        #expect(try await Outbox(path: path).pendingCount() == 0)
        await fixture.tearDown(policy: .standard)
    }
}
