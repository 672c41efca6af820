import Testing

@testable import AMQPClient

/// The buffer between the reader thread and a consumer's iterating task.
@Suite("DeliveryQueue")
struct DeliveryQueueTests {
    struct Failure: Error, Equatable {}

    @Test func bufferedDeliveriesKeepOrder() async throws {
        let queue = DeliveryQueue<Int>()
        for value in 1...200 { queue.yield(value) }
        var received: [Int] = []
        for _ in 1...200 {
            if let value = try await queue.next() { received.append(value) }
        }
        #expect(received == Array(1...200))
    }

    @Test func waitingTaskReceivesDelivery() async throws {
        let queue = DeliveryQueue<Int>()
        async let next = queue.next()
        try await Task.sleep(for: .milliseconds(20))
        queue.yield(7)
        #expect(try await next == 7)
    }

    @Test func finishEndsAfterBufferedDeliveries() async throws {
        let queue = DeliveryQueue<Int>()
        queue.yield(1)
        queue.yield(2)
        queue.finish()
        queue.yield(3)
        #expect(try await queue.next() == 1)
        #expect(try await queue.next() == 2)
        #expect(try await queue.next() == nil)
        #expect(try await queue.next() == nil)
    }

    @Test func errorIsThrownOnceAfterBufferedDeliveries() async throws {
        let queue = DeliveryQueue<Int>()
        queue.yield(1)
        queue.finish(throwing: Failure())
        #expect(try await queue.next() == 1)
        await #expect(throws: Failure.self) { try await queue.next() }
        #expect(try await queue.next() == nil)
    }

    @Test func finishWakesWaitingTask() async throws {
        let queue = DeliveryQueue<Int>()
        let waiting = Task { try await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        queue.finish(throwing: Failure())
        await #expect(throws: Failure.self) { try await waiting.value }
    }

    @Test func cancelledWaitReturnsNilAndKeepsLaterDeliveries() async throws {
        let queue = DeliveryQueue<Int>()
        let waiting = Task { try await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(try await waiting.value == nil)
        queue.yield(5)
        #expect(try await queue.next() == 5)
    }

    @Test func secondConcurrentIteratorIsRejected() async throws {
        let queue = DeliveryQueue<Int>()
        let first = Task { try await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        await #expect(throws: AMQPClientError.self) { try await queue.next() }
        queue.yield(9)
        #expect(try await first.value == 9)
    }
}
