import AMQPWire
import Bloodbank
import Testing

@Suite("Retry policy and its queues")
struct ReliabilityPolicyTests {
    @Test func defaultLadderCountsAttempts() {
        let policy = RetryPolicy.standard
        #expect(policy.immediateRetries == 2)
        #expect(policy.delays == [.seconds(5), .seconds(30), .seconds(300)])
        #expect(policy.attemptsPerDelivery == 3)
        #expect(policy.maximumAttempts == 12)
        #expect(RetryPolicy.none.maximumAttempts == 1)
    }

    @Test func negativeImmediateRetriesCountAsZero() {
        #expect(RetryPolicy(immediateRetries: -3, delays: []).attemptsPerDelivery == 1)
    }

    @Test func delayQueuesAreNamedAfterTheirDelay() {
        let topology = RetryTopology(queue: "orders", policy: .standard)
        #expect(topology.delayQueues.map(\.name) == ["orders.retry.5s", "orders.retry.30s", "orders.retry.5m"])
        #expect(topology.delayQueues.map(\.milliseconds) == [5_000, 30_000, 300_000])
        #expect(topology.deadLetterQueue == "orders.dlq")
        #expect(RetryTopology.deadLetterQueueName(queue: "billing.events") == "billing.events.dlq")
    }

    @Test(arguments: [
        (Int64(500), "orders.retry.500ms"),
        (Int64(1_500), "orders.retry.1500ms"),
        (Int64(2_000), "orders.retry.2s"),
        (Int64(90_000), "orders.retry.90s"),
        (Int64(120_000), "orders.retry.2m"),
        (Int64(7_200_000), "orders.retry.2h"),
    ])
    func delayLabelUsesLargestWholeUnit(_ milliseconds: Int64, _ expected: String) {
        #expect(RetryTopology.delayQueueName(queue: "orders", milliseconds: milliseconds) == expected)
    }

    @Test func repeatedDelaysShareOneQueue() {
        let policy = RetryPolicy(immediateRetries: 0, delays: [.seconds(1), .seconds(1), .seconds(2)])
        let topology = RetryTopology(queue: "q", policy: policy)
        #expect(topology.delayQueues.map(\.name) == ["q.retry.1s", "q.retry.2s"])
        #expect(policy.maximumAttempts == 4)
    }

    @Test func subMillisecondDelayRoundsUpToOne() {
        let topology = RetryTopology(queue: "q", policy: RetryPolicy(delays: [.microseconds(10)]))
        #expect(topology.delayQueues.map(\.milliseconds) == [1])
    }

    @Test func optionsClampConcurrencyAndLength() {
        let options = SubscriptionOptions(concurrency: 0, temporaryQueueMaxLength: -5)
        #expect(options.concurrency == 1)
        #expect(options.temporaryQueueMaxLength == 1)
        #expect(SubscriptionOptions().handlerTimeout == .seconds(300))
    }
}

@Suite("Failure headers")
struct ReliabilityFailureRecordTests {
    @Test func recordRoundTripsThroughHeaders() {
        var record = FailureRecord()
        record.attempts = 4
        record.delayedRetries = 1
        record.reason = .exhausted
        record.errorType = "Billing.PaymentError"
        record.errorMessage = "card declined"
        record.firstFailure = EventTimestamp(seconds: 1_800_000_000, nanoseconds: 123_456_000)
        record.lastFailure = EventTimestamp(seconds: 1_800_000_035)
        record.originalExchange = "bloodbank.events.v1"
        record.originalRoutingKey = "billing.invoice.created"
        record.queue = "billing"
        var headers: AMQPFieldTable = ["trace-id": .string("abc")]
        record.apply(to: &headers)

        #expect(FailureRecord(headers: headers) == record)
        #expect(headers["trace-id"] == .string("abc"))
        #expect(headers["bloodbank-attempts"] == .int64(4))
        #expect(headers["bloodbank-reason"] == .string("exhausted"))
        #expect(headers["bloodbank-first-failure"] == .string("2027-01-15T08:00:00.123456Z"))
    }

    @Test func applyDropsBrokerHeadersAndOldValues() {
        var headers: AMQPFieldTable = [
            "x-death": .array([]),
            "x-first-death-queue": .string("q"),
            "bloodbank-attempts": .int64(9),
            "keep": .boolean(true),
        ]
        var record = FailureRecord()
        record.attempts = 1
        record.apply(to: &headers)
        #expect(headers["x-death"] == nil)
        #expect(headers["x-first-death-queue"] == nil)
        #expect(headers["bloodbank-attempts"] == .int64(1))
        #expect(headers["keep"] == .boolean(true))
        FailureRecord.removeAll(from: &headers)
        #expect(headers.entries.map(\.key) == ["keep"])
    }

    @Test func missingOrMistypedHeadersReadAsDefaults() {
        let record = FailureRecord(headers: ["bloodbank-attempts": .boolean(true), "bloodbank-reason": .string("unknown")])
        #expect(record.attempts == 0)
        #expect(record.reason == nil)
        #expect(FailureRecord(headers: nil) == FailureRecord())
        #expect(FailureRecord(headers: ["bloodbank-attempts": .int32(3)]).attempts == 3)
    }
}
