import AMQPClient
import Bloodbank
import Foundation
import Synchronization
import Testing

/// A unique command type name per test, so that parallel tests and earlier runs, whose
/// quorum queues persist in the broker, never share a worker queue.
protocol CommandTestName: SendableMetatype {
    static var commandType: String { get }
}

/// The command the command tests send: a number to double, with an optional delay
/// and failure.
struct DoubleNumber<Name: CommandTestName>: CommandPayload, Hashable {
    struct Doubled: Codable, Sendable, Hashable {
        var doubled: Int
    }

    typealias Result = Doubled

    static var commandType: String { Name.commandType }

    var value: Int
    var delayMilliseconds: Int

    init(value: Int, delayMilliseconds: Int = 0) {
        self.value = value
        self.delayMilliseconds = delayMilliseconds
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decode(Int.self, forKey: .value)
        delayMilliseconds = try container.decodeIfPresent(Int.self, forKey: .delayMilliseconds) ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case value
        case delayMilliseconds = "delay_ms"
    }
}

/// Counts how often each command ran, and in which worker.
final class ExecutionLog: Sendable {
    private let runs = Mutex<[(id: UUID, worker: String)]>([])

    func record(_ id: UUID, worker: String) {
        runs.withLock { $0.append((id, worker)) }
    }

    var count: Int { runs.withLock { $0.count } }

    func count(of id: UUID) -> Int {
        runs.withLock { $0.filter { $0.id == id }.count }
    }

    func countsByID() -> [UUID: Int] {
        runs.withLock { runs in runs.reduce(into: [:]) { $0[$1.id, default: 0] += 1 } }
    }

    func countsByWorker() -> [String: Int] {
        runs.withLock { runs in runs.reduce(into: [:]) { $0[$1.worker, default: 0] += 1 } }
    }

    /// Waits until `condition` holds, polling every 20 ms, or fails after `timeout`.
    func waitUntil(_ what: String, timeout: Duration = .seconds(20), _ condition: @escaping @Sendable (ExecutionLog) -> Bool) async throws {
        try await withDeadline(timeout, what) {
            while !condition(self) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

enum CommandTestSupport {
    static func connect(app: String = "command-tests") async throws -> BloodbankClient {
        try await BloodbankClient.connect(
            url: TestBroker.url(),
            source: EventSource(host: "integration-tests", type: .service, app: app)
        )
    }

    /// A handler that records each run under `worker`, waits for the command's delay,
    /// and doubles the value.
    static func doubling<Name>(
        _ log: ExecutionLog,
        worker: String
    ) -> @Sendable (ReceivedCommand<DoubleNumber<Name>>) async throws -> DoubleNumber<Name>.Doubled {
        { command in
            log.record(command.id, worker: worker)
            if command.payload.delayMilliseconds > 0 {
                try await Task.sleep(for: .milliseconds(command.payload.delayMilliseconds))
            }
            return .init(doubled: command.payload.value * 2)
        }
    }

    /// Deletes the worker queue of `commandType`, which outlives the test otherwise.
    static func deleteQueue(_ commandType: String, client: BloodbankClient) async {
        do {
            let channel = try await client.connection.openChannel()
            try await channel.queueDelete(CommandQueue.name(for: commandType))
            await channel.close()
        } catch {
            print("could not delete the queue of \(commandType): \(error)")
        }
    }

    /// Subscribes a temporary queue to every lifecycle event of `commandType`.
    static func watchLifecycle(_ commandType: String, client: BloodbankClient) async throws -> (Subscription, EventCollector) {
        let subscription = try await client.subscribe(queue: .temporary, bindings: [commandType + ".*"])
        let collector = EventCollector()
        collector.start(subscription)
        return (subscription, collector)
    }
}

/// Collects the envelopes a subscription receives.
final class EventCollector: Sendable {
    private let envelopes = Mutex<[EventEnvelope]>([])

    /// Collects until the subscription is cancelled.
    func start(_ subscription: Subscription) {
        Task {
            try? await subscription.run { event in
                self.envelopes.withLock { $0.append(event.envelope) }
            }
        }
    }

    var all: [EventEnvelope] { envelopes.withLock { $0 } }

    /// Returns the events of `eventType` caused by command `id`.
    func events(_ eventType: String, for id: UUID) -> [EventEnvelope] {
        all.filter { $0.eventType == eventType && $0.payload["command_id"]?.stringValue == id.uuidString.lowercased() }
    }

    func waitFor(_ eventType: String, for id: UUID, timeout: Duration = .seconds(10)) async throws -> EventEnvelope {
        try await withDeadline(timeout, "waiting for \(eventType) of \(id)") {
            while true {
                if let event = self.events(eventType, for: id).first { return event }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

@Suite("Command workers against RabbitMQ")
struct CommandWorkerTests {
    enum BeforeWorker: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.before") }
    enum ThousandCommands: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.thousand") }
    enum KilledWorker: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.killed") }
    enum Idempotent: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.idempotent") }
    enum Concurrent: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.concurrent") }
    enum Expired: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.expired") }
    enum ExpiredRequest: CommandTestName { static let commandType = TestBroker.uniqueName("test.command.expiredrequest") }

    @Test func commandSentBeforeWorkerRunsWhenItStarts() async throws {
        typealias Command = DoubleNumber<BeforeWorker>
        let client = try await CommandTestSupport.connect()
        let (subscription, events) = try await CommandTestSupport.watchLifecycle(Command.commandType, client: client)
        let sent = try await client.send(Command(value: 21))
        // The command waits in its queue: no worker exists yet.
        try await Task.sleep(for: .milliseconds(300))

        let log = ExecutionLog()
        let worker = try await client.serve(Command.self, handler: CommandTestSupport.doubling(log, worker: "late"))
        try await log.waitUntil("the queued command runs") { $0.count(of: sent.eventID) == 1 }

        let accepted = try await events.waitFor(CommandAccepted<Command>.eventType, for: sent.eventID)
        let completed = try await events.waitFor(CommandCompleted<Command>.eventType, for: sent.eventID)
        #expect(accepted.correlationIDs == [sent.eventID])
        #expect(completed.correlationIDs == [sent.eventID])
        #expect(completed.payload["result"]?["doubled"]?.int64Value == 42)
        #expect(completed.payload["command_type"]?.stringValue == Command.commandType)

        await worker.stop()
        await subscription.cancel()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func twoWorkersRunThousandCommandsOnceEach() async throws {
        typealias Command = DoubleNumber<ThousandCommands>
        let sender = try await CommandTestSupport.connect(app: "sender")
        let first = try await CommandTestSupport.connect(app: "worker-1")
        let second = try await CommandTestSupport.connect(app: "worker-2")
        let log = ExecutionLog()
        let workerOne = try await first.serve(Command.self, concurrency: 8, handler: CommandTestSupport.doubling(log, worker: "one"))
        let workerTwo = try await second.serve(Command.self, concurrency: 8, handler: CommandTestSupport.doubling(log, worker: "two"))

        let count = 1_000
        let sent = try await withThrowingTaskGroup(of: UUID.self) { group in
            for index in 0..<count {
                group.addTask { try await sender.send(Command(value: index, delayMilliseconds: 1), timeout: .seconds(30)).eventID }
            }
            var ids: Set<UUID> = []
            for try await id in group { ids.insert(id) }
            return ids
        }
        try await log.waitUntil("1,000 commands run", timeout: .seconds(60)) { $0.countsByID().count == count }
        // Any duplicate execution would show up shortly after the last first run.
        try await Task.sleep(for: .milliseconds(500))

        let counts = log.countsByID()
        #expect(sent.count == count)
        #expect(Set(counts.keys) == sent)
        #expect(counts.values.allSatisfy { $0 == 1 }, "some commands ran more than once")
        let byWorker = log.countsByWorker()
        #expect((byWorker["one"] ?? 0) > 0, "worker one ran no command")
        #expect((byWorker["two"] ?? 0) > 0, "worker two ran no command")
        print("1,000 commands: worker one ran \(byWorker["one"] ?? 0), worker two ran \(byWorker["two"] ?? 0)")

        await workerOne.stop()
        await workerTwo.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: sender)
        for client in [sender, first, second] { await client.close() }
    }

    @Test func killedWorkersCommandCompletesOnOtherWorker() async throws {
        typealias Command = DoubleNumber<KilledWorker>
        var configuration = try TestBroker.configuration()
        let proxy = try FaultProxy(targetPort: configuration.port)
        defer { proxy.stop() }
        configuration.host = "127.0.0.1"
        configuration.port = proxy.port
        configuration.recovery = .disabled
        let doomed = try await BloodbankClient.connect(configuration: configuration)
        let survivor = try await CommandTestSupport.connect(app: "survivor")
        let requester = try await CommandTestSupport.connect(app: "requester")

        let doomedLog = ExecutionLog()
        let doomedWorker = try await doomed.serve(Command.self) { command in
            doomedLog.record(command.id, worker: "doomed")
            // Runs until the test cancels it after the connection is gone.
            try await Task.sleep(for: .seconds(600))
            return .init(doubled: 0)
        }
        let id = UUID()
        let reply = Task { try await requester.request(Command(value: 5), id: id, timeout: .seconds(30)) }
        try await doomedLog.waitUntil("the first worker starts the command") { $0.count(of: id) == 1 }

        let survivorLog = ExecutionLog()
        let survivorWorker = try await survivor.serve(Command.self, handler: CommandTestSupport.doubling(survivorLog, worker: "survivor"))
        proxy.closeConnections()

        let result = try await withDeadline(.seconds(30), "the reply from the second worker") { try await reply.value }
        #expect(result.doubled == 10)
        #expect(survivorLog.count(of: id) == 1)
        await #expect(throws: CommandError.self) { try await doomedWorker.wait() }

        await doomedWorker.stop(timeout: .milliseconds(100))
        await survivorWorker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: requester)
        for client in [doomed, survivor, requester] { await client.close() }
    }

    @Test func repeatedIDRunsOnceWithinWindowAndAgainAfter() async throws {
        typealias Command = DoubleNumber<Idempotent>
        let client = try await CommandTestSupport.connect()
        let log = ExecutionLog()
        let window: Duration = .milliseconds(1500)
        let worker = try await client.serve(Command.self, idempotencyWindow: window, handler: CommandTestSupport.doubling(log, worker: "one"))
        let id = UUID()

        let first = try await client.request(Command(value: 4), id: id, timeout: .seconds(10))
        let second = try await client.request(Command(value: 4), id: id, timeout: .seconds(10))
        #expect(first.doubled == 8)
        #expect(second.doubled == 8)
        #expect(log.count(of: id) == 1)

        try await Task.sleep(for: window + .milliseconds(300))
        let third = try await client.request(Command(value: 4), id: id, timeout: .seconds(10))
        #expect(third.doubled == 8)
        #expect(log.count(of: id) == 2)

        await worker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func duplicateArrivingWhileFirstRunsWaitsForIt() async throws {
        typealias Command = DoubleNumber<Concurrent>
        let client = try await CommandTestSupport.connect()
        let log = ExecutionLog()
        let worker = try await client.serve(Command.self, concurrency: 4, handler: CommandTestSupport.doubling(log, worker: "one"))
        let id = UUID()

        // The same id twice, as a retrying sender would; the second arrives while the first runs.
        try await client.send(Command(value: 7, delayMilliseconds: 500), id: id)
        try await client.send(Command(value: 7, delayMilliseconds: 500), id: id)
        try await log.waitUntil("the command runs") { $0.count(of: id) == 1 }
        try await Task.sleep(for: .milliseconds(1000))
        #expect(log.count(of: id) == 1)

        await worker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func expiredCommandIsReportedAndNotRun() async throws {
        typealias Command = DoubleNumber<Expired>
        let client = try await CommandTestSupport.connect()
        let (subscription, events) = try await CommandTestSupport.watchLifecycle(Command.commandType, client: client)
        let stale = try await client.send(Command(value: 1), timeToLive: .milliseconds(100))
        let fresh = try await client.send(Command(value: 2), timeToLive: .seconds(60))
        try await Task.sleep(for: .milliseconds(400))

        let log = ExecutionLog()
        let worker = try await client.serve(Command.self, handler: CommandTestSupport.doubling(log, worker: "one"))
        let expired = try await events.waitFor(CommandExpired<Command>.eventType, for: stale.eventID)
        _ = try await events.waitFor(CommandCompleted<Command>.eventType, for: fresh.eventID)

        #expect(log.count(of: stale.eventID) == 0)
        #expect(log.count(of: fresh.eventID) == 1)
        #expect(expired.correlationIDs == [stale.eventID])
        #expect(expired.payload["expires_at"]?.stringValue == stale.commandExpiresAt?.rfc3339String)
        #expect(events.events(CommandAccepted<Command>.eventType, for: stale.eventID).isEmpty)

        await worker.stop()
        await subscription.cancel()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func requestForExpiredCommandReportsExpiry() async throws {
        typealias Command = DoubleNumber<ExpiredRequest>
        let client = try await CommandTestSupport.connect()
        let log = ExecutionLog()
        let starter = Task {
            try await Task.sleep(for: .milliseconds(600))
            return try await client.serve(Command.self, handler: CommandTestSupport.doubling(log, worker: "one"))
        }

        let error = await #expect(throws: CommandError.self) {
            try await client.request(Command(value: 3), timeout: .seconds(10), timeToLive: .milliseconds(200))
        }
        #expect(error?.code == .expired)
        #expect(error?.failure?.code == .ttlExpired)
        #expect(log.count == 0)

        try await starter.value.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }
}
