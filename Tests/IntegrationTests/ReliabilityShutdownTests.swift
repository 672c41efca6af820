import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// The `ReliabilityProbe` executable, which SwiftPM builds beside the test bundle, run as
/// a child process whose output lines the test reads.
final class ProbeProcess: Sendable {
    let process: Process
    private let output = OutputBuffer()

    private final class OutputBuffer: Sendable {
        let text = Mutex<String>("")
    }

    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let url = URL(fileURLWithPath: testBinary).deletingLastPathComponent().appendingPathComponent("ReliabilityProbe")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ProxyError("ReliabilityProbe was not built next to the tests at \(url.path); run 'swift build --build-tests' first")
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["BLOODBANK_TEST_URL"] = try TestBroker.url()
        environment.merge(extra) { $1 }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// The complete lines written so far.
    var lines: [String] {
        output.text.withLock { text in
            text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
    }

    /// Returns the numbers N of the lines "`prefix` N".
    func numbers(_ prefix: String) -> [Int] {
        lines.compactMap { line in
            guard line.hasPrefix(prefix + " ") else { return nil }
            return Int(line.dropFirst(prefix.count + 1))
        }
    }

    func waitFor(_ what: String, within duration: Duration, _ condition: @escaping @Sendable (ProbeProcess) -> Bool) async throws {
        try await withDeadline(duration, what) {
            while !condition(self) {
                if !self.process.isRunning, !condition(self) {
                    throw ProxyError("the probe exited with status \(self.process.terminationStatus) before \(what); output: \(self.lines.suffix(5))")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    func waitForExit(within duration: Duration) async throws -> Int32 {
        try await withDeadline(duration, "the probe to exit") {
            while self.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            return self.process.terminationStatus
        }
    }
}

@Suite("Graceful shutdown of a consumer process")
struct ReliabilityShutdownTests {
    static let inFlight = 10
    static let prefetched = 100

    /// Fills a queue with 110 events, then starts a probe consumer with 10 handlers and a
    /// prefetch of 110, and waits until 10 handlers run and the broker has handed out every
    /// message. Publishing first keeps a slow publish from letting early handlers finish
    /// and later ones start before the test signals the probe.
    static func startLoadedConsumer(_ fixture: ReliabilityFixture, holdSeconds: Double) async throws -> ProbeProcess {
        let total = inFlight + prefetched
        try await fixture.inspector.queueDeclare(fixture.queue, durable: true)
        try await fixture.inspector.queueBind(queue: fixture.queue, exchange: Topology.eventsExchange, routingKey: fixture.routingKey)
        for sequence in 0..<total {
            try await fixture.publish(sequence)
        }
        let probe = try ProbeProcess([
            "consume", fixture.queue, fixture.routingKey, "\(inFlight)", "\(total)", "\(holdSeconds)",
        ])
        try await probe.waitFor("\(inFlight) handlers to start", within: .seconds(30)) { $0.numbers("started").count >= inFlight }
        try await fixture.waitForMessagesBelow(fixture.queue, count: 1, within: .seconds(10))
        return probe
    }

    @Test func terminationFinishesHandlersAndReturnsPrefetched() async throws {
        let fixture = try await ReliabilityFixture.make("sigterm")
        let probe = try await Self.startLoadedConsumer(fixture, holdSeconds: 3)

        probe.signal(SIGTERM)
        let status = try await probe.waitForExit(within: .seconds(30))
        #expect(status == 0)
        let started = probe.numbers("started")
        let finished = probe.numbers("finished")
        #expect(started.count == Self.inFlight)
        #expect(Set(finished) == Set(started))
        #expect(probe.lines.last == "stopped")

        // The 10 handled events were acknowledged; the 100 others wait in the queue.
        #expect(try await fixture.messageCount(fixture.queue) == UInt32(Self.prefetched))
        var returned: [Int] = []
        while let message = try await fixture.inspector.basicGet(queue: fixture.queue, noAck: true) {
            let envelope = try EventEnvelope.decode(message.body)
            returned.append(try envelope.decodePayload(ReliabilityProbeEvent.self).sequence)
        }
        #expect(returned.count == Self.prefetched)
        #expect(Set(returned).isDisjoint(with: finished), "an event was both handled and returned")
        #expect(Set(returned).union(finished) == Set(0..<(Self.inFlight + Self.prefetched)))
        await fixture.tearDown(policy: .standard)
    }

    @Test func killRedeliversEverythingUnacknowledged() async throws {
        let fixture = try await ReliabilityFixture.make("sigkill")
        let probe = try await Self.startLoadedConsumer(fixture, holdSeconds: 60)

        probe.signal(SIGKILL)
        _ = try await probe.waitForExit(within: .seconds(10))
        #expect(probe.numbers("finished").isEmpty)

        let total = Self.inFlight + Self.prefetched
        try await fixture.waitForMessages(fixture.queue, count: UInt32(total), within: .seconds(10))
        var redelivered: [Int] = []
        while let message = try await fixture.inspector.basicGet(queue: fixture.queue, noAck: true) {
            #expect(message.redelivered)
            let envelope = try EventEnvelope.decode(message.body)
            redelivered.append(try envelope.decodePayload(ReliabilityProbeEvent.self).sequence)
        }
        #expect(Set(redelivered) == Set(0..<total))
        await fixture.tearDown(policy: .standard)
    }
}
