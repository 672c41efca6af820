import AMQPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The delivery details passed to a handler.
struct SubscriptionDelivery: Sendable {
    var redelivered: Bool
    var routingKey: String
    var attempt: Int
}

/// Takes one message of a subscription from decoding to settlement: de-duplication,
/// handler attempts with a deadline, then acknowledgement, a delayed retry or the
/// dead-letter queue.
struct SubscriptionProcessor<Event: Sendable>: Sendable {
    let subscription: Subscription
    let decode: @Sendable (EventEnvelope, SubscriptionDelivery) throws -> Event
    let handler: @Sendable (Event) async throws -> Void

    /// Processes and settles `message`. Returns the task of a handler attempt that still
    /// runs past its deadline, which the caller awaits before freeing its slot.
    func process(_ message: AMQPMessage, control: JobControl) async -> Task<Void, Never>? {
        var record = FailureRecord(headers: message.properties.headers)
        if record.originalRoutingKey == nil {
            record.originalExchange = message.exchange
            record.originalRoutingKey = message.routingKey
        }
        let routingKey = record.originalRoutingKey ?? message.routingKey
        func delivery() -> SubscriptionDelivery {
            SubscriptionDelivery(redelivered: message.redelivered, routingKey: routingKey, attempt: record.attempts + 1)
        }

        let envelope: EventEnvelope
        var event: Event
        do {
            envelope = try EventEnvelope.decode(message.body)
            event = try decode(envelope, delivery())
        } catch {
            record.recordFailure(type: Self.typeName(error), message: "\(error)", at: .now())
            record.reason = .invalid
            await subscription.deadLetter(message, record: record, eventID: message.properties.messageID)
            return nil
        }
        let eventID = envelope.eventID.lowercasedString

        let store = subscription.options.deduplication
        if store != nil {
            await claim(eventID)
        }
        defer {
            if store != nil { subscription.state.withLock { $0.releaseEvent(eventID) } }
        }
        if let store, await alreadyHandled(eventID, store: store) {
            subscription.logger.debug("skipped an event handled before", metadata: [
                LogKey.eventID: eventID,
                LogKey.queue: subscription.queue,
            ])
            await subscription.acknowledge(message)
            return nil
        }

        let policy = subscription.options.retry
        for index in 0..<policy.attemptsPerDelivery {
            if index > 0 {
                guard let next = try? decode(envelope, delivery()) else { break }
                event = next
            }
            let (outcome, work) = await attempt(event, eventID: envelope.eventID, control: control)
            switch outcome {
            case .succeeded:
                if let store { await remember(eventID, store: store) }
                await subscription.acknowledge(message)
                return nil
            case .abandoned:
                await subscription.requeue(message)
                return work
            case .timedOut:
                record.recordFailure(type: "timeout", message: "the handler ran longer than \(subscription.options.handlerTimeout)", at: .now())
                subscription.logFailure(record, eventID: eventID, eventType: envelope.eventType)
                await subscription.retryOrDeadLetter(message, record: record, eventID: eventID)
                return work
            case .failed(let error):
                record.recordFailure(type: Self.typeName(error), message: "\(error)", at: .now())
                subscription.logFailure(record, eventID: eventID, eventType: envelope.eventType)
                if error is PermanentFailure {
                    record.reason = .permanent
                    await subscription.deadLetter(message, record: record, eventID: eventID)
                    return nil
                }
            }
            // A stopping subscription skips the immediate retries and moves on to the delays.
            if subscription.state.withLock({ $0.isStopping }) { break }
        }
        await subscription.retryOrDeadLetter(message, record: record, eventID: eventID)
        return nil
    }

    /// Runs one handler attempt in its own task, racing its deadline and a shutdown abort.
    private func attempt(_ event: Event, eventID: UUID, control: JobControl) async -> (HandlerOutcome, Task<Void, Never>?) {
        let race = HandlerRace()
        guard control.attach(race) else { return (.abandoned, nil) }
        let handler = self.handler
        let work = Task {
            do {
                try await EventContext.$causingEventID.withValue(eventID) {
                    try await handler(event)
                }
                race.finish(.succeeded)
            } catch {
                race.finish(.failed(error))
            }
        }
        let deadlineID = subscription.deadlines.register(race)
        let outcome = await race.wait()
        subscription.deadlines.unregister(deadlineID)
        switch outcome {
        case .succeeded, .failed:
            return (outcome, nil)
        case .timedOut, .abandoned:
            work.cancel()
            return (outcome, work)
        }
    }

    /// Waits until no other handler of this subscription runs for `eventID`, then claims it.
    private func claim(_ eventID: String) async {
        while !subscription.state.withLock({ $0.claimEvent(eventID) }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func alreadyHandled(_ eventID: String, store: any DeduplicationStore) async -> Bool {
        do {
            return try await store.contains(eventID, scope: subscription.queue)
        } catch {
            subscription.logger.warning("reading the de-duplication store failed; handling the event", metadata: [
                LogKey.eventID: eventID,
                LogKey.error: error.description,
            ])
            return false
        }
    }

    private func remember(_ eventID: String, store: any DeduplicationStore) async {
        do {
            try await store.insert(eventID, scope: subscription.queue)
        } catch {
            subscription.logger.warning("recording a handled event failed; a redelivery would run its handler again", metadata: [
                LogKey.eventID: eventID,
                LogKey.error: error.description,
            ])
        }
    }

    /// Returns the error's Swift type, such as `Billing.PaymentError`, for the error-type header.
    static func typeName(_ error: any Error) -> String {
        String(reflecting: type(of: error))
    }
}
