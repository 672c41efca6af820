import AMQPClient
import Bloodbank
import Foundation
import Testing

@Suite("Command requests against RabbitMQ")
struct CommandRequestTests {
    enum Reply: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.reply") }
    enum Failure: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.failure") }
    enum NoWorker: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.noworker") }
    enum Unroutable: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.unroutable") }
    enum Concurrent: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.concurrent") }
    enum Untyped: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.untyped") }
    enum Recovered: CommandTestName { static let commandType = TestBroker.uniqueName("test.request.recovered") }

    struct BrokenCommand: Error, CustomStringConvertible {
        var description: String { "the value 13 is unlucky" }
    }

    @Test func requestReturnsWorkerResult() async throws {
        typealias Command = DoubleNumber<Reply>
        let client = try await CommandTestSupport.connect()
        let log = ExecutionLog()
        let worker = try await client.serve(Command.self, handler: CommandTestSupport.doubling(log, worker: "one"))

        let result = try await client.request(Command(value: 21), timeout: .seconds(10))
        #expect(result.doubled == 42)
        #expect(log.count == 1)

        await worker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func requestReturnsWorkerFailure() async throws {
        typealias Command = DoubleNumber<Failure>
        let client = try await CommandTestSupport.connect()
        let (subscription, events) = try await CommandTestSupport.watchLifecycle(Command.commandType, client: client)
        let worker = try await client.serve(Command.self) { command in
            switch command.payload.value {
            case 13: throw BrokenCommand()
            case 0: throw CommandFailure(.invalidState, "zero cannot be doubled today", retryable: true)
            default: return .init(doubled: command.payload.value * 2)
            }
        }

        let typedID = UUID()
        let typed = await #expect(throws: CommandError.self) {
            try await client.request(Command(value: 0), id: typedID, timeout: .seconds(10))
        }
        #expect(typed?.code == .failed)
        #expect(typed?.commandID == typedID)
        #expect(typed?.failure?.code == .invalidState)
        #expect(typed?.failure?.message == "zero cannot be doubled today")
        #expect(typed?.failure?.retryable == true)

        let untypedID = UUID()
        let untyped = await #expect(throws: CommandError.self) {
            try await client.request(Command(value: 13), id: untypedID, timeout: .seconds(10))
        }
        #expect(untyped?.failure?.code == .executionFailed)
        #expect(untyped?.failure?.message == "the value 13 is unlucky")
        #expect(untyped?.failure?.retryable == false)

        let failed = try await events.waitFor(CommandFailed<Command>.eventType, for: typedID)
        _ = try await events.waitFor(CommandAccepted<Command>.eventType, for: typedID)
        #expect(failed.payload["error_code"]?.stringValue == "invalid_state")
        #expect(failed.payload["retryable"]?.boolValue == true)
        #expect(failed.correlationIDs == [typedID])

        await worker.stop()
        await subscription.cancel()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func requestWithoutWorkerTimesOutAtDeadline() async throws {
        typealias Command = DoubleNumber<NoWorker>
        let client = try await CommandTestSupport.connect()
        let started = ContinuousClock.now
        let error = await #expect(throws: CommandError.self) {
            try await client.request(Command(value: 1), timeout: .seconds(1))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .timedOut)
        #expect(error?.description.contains(CommandQueue.name(for: Command.commandType)) == true)
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(3), "the request took \(elapsed) for a 1 s timeout")

        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func sendToUnboundQueueIsUnroutable() async throws {
        typealias Command = DoubleNumber<Unroutable>
        let client = try await CommandTestSupport.connect()
        try await client.send(Command(value: 1))
        // Deleting the queue behind the client's back leaves the command type unbound.
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)

        let error = await #expect(throws: CommandError.self) {
            try await client.send(Command(value: 2))
        }
        #expect(error?.code == .unroutable)
        // The failed send made the client forget the queue, so the next one declares it again.
        try await client.send(Command(value: 3))

        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func concurrentRequestsGetTheirOwnReplies() async throws {
        typealias Command = DoubleNumber<Concurrent>
        let client = try await CommandTestSupport.connect()
        let log = ExecutionLog()
        let worker = try await client.serve(Command.self, concurrency: 16, handler: CommandTestSupport.doubling(log, worker: "one"))

        let pairs = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for value in 0..<200 {
                group.addTask { (value, try await client.request(Command(value: value, delayMilliseconds: value % 7), timeout: .seconds(20)).doubled) }
            }
            var pairs: [(Int, Int)] = []
            for try await pair in group { pairs.append(pair) }
            return pairs
        }
        #expect(pairs.count == 200)
        #expect(pairs.allSatisfy { $0.1 == $0.0 * 2 })

        await worker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func untypedRequestReturnsJSONResult() async throws {
        typealias Command = DoubleNumber<Untyped>
        let client = try await CommandTestSupport.connect()
        let worker = try await client.serve(Command.self, handler: CommandTestSupport.doubling(ExecutionLog(), worker: "one"))

        let result = try await client.request(commandType: Command.commandType, payload: ["value": 8], timeout: .seconds(10))
        #expect(result["doubled"]?.int64Value == 16)

        let error = await #expect(throws: CommandError.self) {
            try await client.request(commandType: Command.commandType, payload: ["value": "eight"], timeout: .seconds(10))
        }
        #expect(error?.failure?.code == .rejected)
        #expect(error?.failure?.message.contains("payload.value") == true)

        await worker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }

    @Test func requestsAndWorkersResumeAfterRecovery() async throws {
        typealias Command = DoubleNumber<Recovered>
        var configuration = try TestBroker.configuration()
        let proxy = try FaultProxy(targetPort: configuration.port)
        defer { proxy.stop() }
        configuration.host = "127.0.0.1"
        configuration.port = proxy.port
        RecoveryTests.fastRecovery(&configuration)
        let client = try await BloodbankClient.connect(configuration: configuration)
        let recorder = EventRecorder(client.connection)
        let log = ExecutionLog()
        let worker = try await client.serve(Command.self, handler: CommandTestSupport.doubling(log, worker: "one"))
        #expect(try await client.request(Command(value: 1), timeout: .seconds(10)).doubled == 2)

        proxy.closeConnections()
        _ = try await recorder.waitFor("recovered") { $0.isRecovered }

        // The reply consumer, the worker's consumer and the declared queue all came back.
        #expect(try await client.request(Command(value: 2), timeout: .seconds(10)).doubled == 4)
        #expect(log.count == 2)

        await worker.stop()
        await CommandTestSupport.deleteQueue(Command.commandType, client: client)
        await client.close()
    }
}
