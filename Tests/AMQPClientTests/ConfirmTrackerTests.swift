import AMQPWire
import Testing

@testable import AMQPClient

/// Publisher-confirm bookkeeping: which publishes a `basic.ack` or `basic.nack` settles.
///
/// Each waiter is the publish's own number, so a test can see exactly which publishes a
/// settle call handed back.
@Suite("ConfirmTracker")
struct ConfirmTrackerTests {
    typealias Tracker = ConfirmTracker<Int>

    /// Registers publishes 1 through `count` without deadlines or return keys.
    static func tracker(registering count: Int) -> Tracker {
        var tracker = Tracker()
        for waiter in 1...count {
            _ = tracker.register(waiter, deadline: 0, returnKey: nil)
        }
        return tracker
    }

    /// Settles and returns the waiters handed back, in the order they were handed back.
    static func settle(_ tracker: inout Tracker, _ tag: UInt64, multiple: Bool) -> [Int] {
        var settled: [Int] = []
        tracker.settle(deliveryTag: tag, multiple: multiple) { settled.append($0.waiter) }
        return settled
    }

    static func returned(exchange: String, routingKey: String, messageID: String?) -> AMQPReturnedMessage {
        AMQPReturnedMessage(
            replyCode: 312,
            replyText: "NO_ROUTE",
            exchange: exchange,
            routingKey: routingKey,
            properties: AMQPBasicProperties(messageID: messageID),
            bodySize: 2
        )
    }

    // MARK: - Acks and nacks

    @Test func registerNumbersFromOne() {
        var tracker = Tracker()
        #expect(tracker.register(10, deadline: 0, returnKey: nil) == 1)
        #expect(tracker.register(20, deadline: 0, returnKey: nil) == 2)
        #expect(tracker.nextSequence == 3)
        #expect(tracker.pendingCount == 2)
    }

    @Test func ackMultipleSettlesEachOnce() {
        var tracker = Self.tracker(registering: 10)
        #expect(Self.settle(&tracker, 5, multiple: true) == [1, 2, 3, 4, 5])
        #expect(tracker.pendingCount == 5)
        #expect(Self.settle(&tracker, 5, multiple: true) == [])
        #expect(Self.settle(&tracker, 3, multiple: true) == [])
        #expect(tracker.pendingCount == 5)
        #expect(Self.settle(&tracker, 10, multiple: true) == [6, 7, 8, 9, 10])
        #expect(tracker.pendingCount == 0)
    }

    @Test func singleAcksOutOfOrder() {
        var tracker = Self.tracker(registering: 4)
        #expect(Self.settle(&tracker, 3, multiple: false) == [3])
        #expect(Self.settle(&tracker, 1, multiple: false) == [1])
        #expect(Self.settle(&tracker, 3, multiple: false) == [])
        #expect(Self.settle(&tracker, 4, multiple: false) == [4])
        #expect(tracker.pendingCount == 1)
        #expect(Self.settle(&tracker, 4, multiple: true) == [2])
        #expect(tracker.pendingCount == 0)
    }

    @Test func ackMultipleSkipsSettledNumbers() {
        var tracker = Self.tracker(registering: 6)
        #expect(Self.settle(&tracker, 2, multiple: false) == [2])
        #expect(Self.settle(&tracker, 5, multiple: false) == [5])
        #expect(Self.settle(&tracker, 6, multiple: true) == [1, 3, 4, 6])
    }

    /// `settle` is the same call for `basic.nack`, and the caller decides the outcome.
    @Test func nackMultipleSettlesRange() {
        var tracker = Self.tracker(registering: 5)
        #expect(Self.settle(&tracker, 1, multiple: false) == [1])
        #expect(Self.settle(&tracker, 4, multiple: true) == [2, 3, 4])
        #expect(tracker.pendingCount == 1)
        #expect(tracker.entry(for: 5)?.waiter == 5)
    }

    @Test func unknownTagIsIgnored() {
        var tracker = Self.tracker(registering: 3)
        #expect(Self.settle(&tracker, 99, multiple: false) == [])
        #expect(Self.settle(&tracker, 0, multiple: false) == [])
        #expect(Self.settle(&tracker, 0, multiple: true) == [])
        #expect(tracker.pendingCount == 3)
    }

    /// A `multiple` tag beyond the last published number settles what exists and must
    /// not stop later publishes from being settled.
    @Test func ackMultipleBeyondLastPublishKeepsLaterOnesSettleable() {
        var tracker = Self.tracker(registering: 3)
        #expect(Self.settle(&tracker, 1000, multiple: true) == [1, 2, 3])
        #expect(tracker.register(4, deadline: 0, returnKey: nil) == 4)
        #expect(tracker.register(5, deadline: 0, returnKey: nil) == 5)
        #expect(Self.settle(&tracker, 5, multiple: true) == [4, 5])
        #expect(tracker.pendingCount == 0)
    }

    /// Settled slots at the front are dropped in bulk; numbers after the drop must still
    /// find their entries.
    @Test func longRunsKeepNumbersAndEntriesAligned() {
        var tracker = Tracker()
        var expectedNext = 1
        for round in 0..<5 {
            for _ in 0..<3000 {
                _ = tracker.register(expectedNext, deadline: 0, returnKey: nil)
                expectedNext += 1
            }
            let first = round * 3000 + 1
            // Settle every other number of the first half singly, then the rest of the
            // half with one multiple ack, leaving the second half pending.
            for tag in stride(from: first + 1, to: first + 1500, by: 2) {
                #expect(Self.settle(&tracker, UInt64(tag), multiple: false) == [tag])
            }
            let rest = Array(stride(from: first, to: first + 1500, by: 2))
            #expect(Self.settle(&tracker, UInt64(first + 1499), multiple: true) == rest)
            #expect(tracker.entry(for: UInt64(first + 1500))?.waiter == first + 1500)
            #expect(Self.settle(&tracker, UInt64(first + 2999), multiple: true) == Array((first + 1500)...(first + 2999)))
            #expect(tracker.pendingCount == 0)
        }
        #expect(tracker.register(expectedNext, deadline: 0, returnKey: nil) == UInt64(expectedNext))
        #expect(tracker.entry(for: UInt64(expectedNext))?.waiter == expectedNext)
    }

    // MARK: - Returns

    @Test func returnMatchesOldestPendingPublishWithSameKey() {
        var tracker = Tracker()
        let orders = Tracker.ReturnKey(exchange: "events", routingKey: "order.created", messageID: "m-1")
        let other = Tracker.ReturnKey(exchange: "events", routingKey: "order.deleted", messageID: "m-1")
        _ = tracker.register(1, deadline: 0, returnKey: orders)
        _ = tracker.register(2, deadline: 0, returnKey: other)
        _ = tracker.register(3, deadline: 0, returnKey: orders)
        _ = tracker.register(4, deadline: 0, returnKey: nil)

        let message = Self.returned(exchange: "events", routingKey: "order.created", messageID: "m-1")
        let firstMatched = tracker.markReturned(message)
        #expect(firstMatched)
        #expect(tracker.entry(for: 1)?.returned == message)
        #expect(tracker.entry(for: 2)?.returned == nil)
        #expect(tracker.entry(for: 3)?.returned == nil)
        #expect(tracker.entry(for: 4)?.returned == nil)

        let secondMatched = tracker.markReturned(message)
        #expect(secondMatched)
        #expect(tracker.entry(for: 3)?.returned == message)
        #expect(tracker.entry(for: 2)?.returned == nil)

        let thirdMatched = tracker.markReturned(message)
        #expect(!thirdMatched)
    }

    @Test func returnComparesExchangeRoutingKeyAndMessageID() {
        var tracker = Tracker()
        let key = Tracker.ReturnKey(exchange: "events", routingKey: "order.created", messageID: "m-1")
        _ = tracker.register(1, deadline: 0, returnKey: key)
        let otherExchange = tracker.markReturned(Self.returned(exchange: "other", routingKey: "order.created", messageID: "m-1"))
        let otherRoutingKey = tracker.markReturned(Self.returned(exchange: "events", routingKey: "order.updated", messageID: "m-1"))
        let otherMessageID = tracker.markReturned(Self.returned(exchange: "events", routingKey: "order.created", messageID: "m-2"))
        let noMessageID = tracker.markReturned(Self.returned(exchange: "events", routingKey: "order.created", messageID: nil))
        #expect(!otherExchange)
        #expect(!otherRoutingKey)
        #expect(!otherMessageID)
        #expect(!noMessageID)
        #expect(tracker.entry(for: 1)?.returned == nil)
    }

    @Test func returnIgnoresPublishesWithoutMandatory() {
        var tracker = Tracker()
        _ = tracker.register(1, deadline: 0, returnKey: nil)
        let matched = tracker.markReturned(Self.returned(exchange: "events", routingKey: "order.created", messageID: nil))
        #expect(!matched)
    }

    @Test func returnIgnoresSettledPublishes() {
        var tracker = Tracker()
        let key = Tracker.ReturnKey(exchange: "events", routingKey: "order.created", messageID: "m-1")
        _ = tracker.register(1, deadline: 0, returnKey: key)
        _ = tracker.register(2, deadline: 0, returnKey: key)
        #expect(Self.settle(&tracker, 1, multiple: false) == [1])

        let matched = tracker.markReturned(Self.returned(exchange: "events", routingKey: "order.created", messageID: "m-1"))
        #expect(matched)
        #expect(tracker.entry(for: 2)?.returned != nil)
    }

    @Test func returnedEntryIsHandedBackOnAck() {
        var tracker = Tracker()
        let key = Tracker.ReturnKey(exchange: "events", routingKey: "order.created", messageID: nil)
        _ = tracker.register(1, deadline: 0, returnKey: key)
        let message = Self.returned(exchange: "events", routingKey: "order.created", messageID: nil)
        let matched = tracker.markReturned(message)
        #expect(matched)

        var handed: [Tracker.Entry] = []
        tracker.settle(deliveryTag: 1, multiple: false) { handed.append($0) }
        #expect(handed.count == 1)
        #expect(handed.first?.returned == message)
    }

    // MARK: - Removal

    @Test func removeExpiredTakesOnlyDueEntries() {
        var tracker = Tracker()
        _ = tracker.register(1, deadline: 100, returnKey: nil)
        _ = tracker.register(2, deadline: 200, returnKey: nil)
        _ = tracker.register(3, deadline: 0, returnKey: nil)
        _ = tracker.register(4, deadline: 300, returnKey: nil)
        #expect(tracker.earliestDeadline == 100)

        let expired = tracker.removeExpired(now: 200).map(\.waiter).sorted()
        #expect(expired == [1, 2])
        #expect(tracker.pendingCount == 2)
        #expect(tracker.earliestDeadline == 300)
        #expect(tracker.removeExpired(now: 200).isEmpty)

        #expect(Self.settle(&tracker, 4, multiple: true) == [3, 4])
        #expect(tracker.earliestDeadline == nil)
    }

    @Test func removeSingleEntry() {
        var tracker = Self.tracker(registering: 3)
        #expect(tracker.remove(sequence: 2)?.waiter == 2)
        #expect(tracker.remove(sequence: 2) == nil)
        #expect(Self.settle(&tracker, 3, multiple: true) == [1, 3])
    }

    @Test func removeAllEmptiesTracker() {
        var tracker = Tracker()
        let key = Tracker.ReturnKey(exchange: "events", routingKey: "order.created", messageID: nil)
        _ = tracker.register(1, deadline: 0, returnKey: key)
        _ = tracker.register(2, deadline: 50, returnKey: nil)
        _ = tracker.register(3, deadline: 0, returnKey: nil)

        #expect(tracker.removeAll().map(\.waiter).sorted() == [1, 2, 3])
        #expect(tracker.pendingCount == 0)
        #expect(tracker.earliestDeadline == nil)
        #expect(Self.settle(&tracker, 3, multiple: true) == [])
        let matched = tracker.markReturned(Self.returned(exchange: "events", routingKey: "order.created", messageID: nil))
        #expect(!matched)
    }

    // MARK: - Random interleavings

    /// Plays a broker that confirms every publish once, in random order, with single and
    /// multiple acks and nacks interleaved with new publishes. It also repeats tags it
    /// already used: a repeated single tag settles nothing, and a repeated multiple tag
    /// settles only the unconfirmed publishes at or below it. Checks after every step
    /// that exactly the publishes the tag covers were settled.
    @Test(arguments: [1, 2, 3, 7, 42, 2024, 65_537, 987_654_321] as [UInt64])
    func randomInterleavingsSettleEachPublishOnce(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var tracker = Tracker()
        var unconfirmed: [Int] = []  // registered and not yet acked or nacked by the broker, ascending
        var settleCount: [Int: Int] = [:]
        var registered = 0

        for _ in 0..<2000 {
            let choice = random.next(upperBound: 10)
            if choice < 4 || unconfirmed.isEmpty {
                registered += 1
                let sequence = tracker.register(registered, deadline: 0, returnKey: nil)
                #expect(sequence == UInt64(registered))
                unconfirmed.append(registered)
                continue
            }
            if choice == 9, registered > 0 {
                let settledTags = (1...registered).filter { !unconfirmed.contains($0) }
                if let tag = settledTags.randomElement(using: &random) {
                    let multiple = random.next(upperBound: 2) == 0
                    let expected = multiple ? unconfirmed.filter { $0 <= tag } : []
                    let settled = Self.settle(&tracker, UInt64(tag), multiple: multiple)
                    #expect(settled == expected, "repeated tag \(tag), multiple \(multiple)")
                    unconfirmed.removeAll { expected.contains($0) }
                    for waiter in settled { settleCount[waiter, default: 0] += 1 }
                }
                continue
            }

            let tag = unconfirmed[Int(random.next(upperBound: UInt64(unconfirmed.count)))]
            let multiple = random.next(upperBound: 2) == 0
            let expected = multiple ? unconfirmed.filter { $0 <= tag } : [tag]
            let settled = Self.settle(&tracker, UInt64(tag), multiple: multiple)
            #expect(settled == expected, "tag \(tag), multiple \(multiple)")
            unconfirmed.removeAll { $0 <= tag && (multiple || $0 == tag) }
            for waiter in settled { settleCount[waiter, default: 0] += 1 }
            #expect(tracker.pendingCount == unconfirmed.count)
        }

        if let last = unconfirmed.last {
            for waiter in Self.settle(&tracker, UInt64(last), multiple: true) {
                settleCount[waiter, default: 0] += 1
            }
        }
        #expect(tracker.pendingCount == 0)
        #expect(settleCount.count == registered)
        #expect(settleCount.values.allSatisfy { $0 == 1 })
    }
}

/// A small seeded generator (SplitMix64), so random tests repeat exactly for a seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Returns a value in `0..<upperBound`.
    mutating func next(upperBound: UInt64) -> UInt64 {
        next() % upperBound
    }
}
