import AMQPClient
import AMQPWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The queue a subscription consumes from.
public enum SubscriptionQueue: Sendable, Hashable {
    /// A durable queue shared by every instance of a service, such as
    /// `bloodbank.events.v1.transcript-indexer`; it keeps events while no instance runs.
    /// Its delay queues and dead-letter queue are named after it (see ``RetryTopology``).
    case durable(String)
    /// A server-named, exclusive, auto-delete queue that disappears with its connection,
    /// limited to ``SubscriptionOptions/temporaryQueueMaxLength`` messages: for watchers
    /// and tests, so an abandoned one cannot fill the broker. It has no delay or
    /// dead-letter queues.
    case temporary
}

/// An event received by a subscription, with its typed payload.
public struct ReceivedEvent<Payload: Sendable>: Sendable {
    public var envelope: EventEnvelope
    public var payload: Payload
    /// Whether the broker delivered this message before; a handler may then have run for it already.
    public var redelivered: Bool
    /// The routing key the event was published with; kept across delayed retries.
    public var routingKey: String
    /// The number of this handler attempt for the message, counted from 1 across immediate
    /// and delayed retries.
    public var attempt: Int
}

/// A consumer bound to `bloodbank.events.v1`: created by
/// ``BloodbankClient/subscribe(queue:bindings:prefetch:options:)``, started with `run`.
///
/// Each message is decoded into an ``EventEnvelope`` (and a typed payload), handed to the
/// handler, and acknowledged after the handler returns. A failing handler is retried as
/// ``SubscriptionOptions/retry`` sets and then dead-lettered. A message that cannot be
/// decoded goes to the dead-letter queue at once with reason `invalid`. At most
/// ``SubscriptionOptions/concurrency`` handlers run at once.
///
/// A republish to a delay queue or the dead-letter queue is confirmed by the broker before
/// the original message is acknowledged, so a crash in between loses nothing but can
/// deliver the message twice: once from the queue, once from the delay or dead-letter queue.
///
/// `run` stops when its task is cancelled or ``cancel()`` is called: the consumer is
/// cancelled, handlers in flight get ``SubscriptionOptions/shutdownGracePeriod`` to finish
/// and are settled, messages received but not started go back to the queue, and the
/// channel is closed.
public final class Subscription: Sendable {
    /// The queue name; server-chosen for ``SubscriptionQueue/temporary`` queues.
    public let queue: String
    /// The routing-key patterns bound to the queue.
    public let bindings: [String]
    /// The retry, concurrency and shutdown settings.
    public let options: SubscriptionOptions
    /// The delay and dead-letter queues; `nil` for a temporary queue.
    public let retryTopology: RetryTopology?
    let consumer: AMQPConsumer
    let republishChannels: ConfirmChannelProvider
    let logger: Logger
    let state: Mutex<SubscriptionState>
    /// The deadlines of the handler attempts that run now.
    let deadlines: SubscriptionDeadlines

    init(
        queue: String,
        bindings: [String],
        options: SubscriptionOptions,
        retryTopology: RetryTopology?,
        consumer: AMQPConsumer,
        logger: Logger
    ) {
        self.queue = queue
        self.bindings = bindings
        self.options = options
        self.retryTopology = retryTopology
        self.consumer = consumer
        self.republishChannels = ConfirmChannelProvider(connection: consumer.channel.connection, exchange: Topology.eventsExchange)
        self.logger = logger
        self.state = Mutex(SubscriptionState(concurrency: options.concurrency))
        self.deadlines = SubscriptionDeadlines(timeout: options.handlerTimeout)
    }

    /// Handles every event as an untyped envelope until the subscription stops.
    ///
    /// - Throws: ``BloodbankError`` with code `subscriptionCancelled` when the broker
    ///   cancels the consumer (for example because its queue was deleted), or
    ///   `connection` when the channel or connection fails. Returns normally after
    ///   ``cancel()`` or when the task is cancelled, once the handlers in flight are settled.
    public func run(_ handler: @escaping @Sendable (ReceivedEvent<JSONValue>) async throws -> Void) async throws(BloodbankError) {
        try await start(
            SubscriptionProcessor(subscription: self, decode: { envelope, delivery in
                ReceivedEvent(
                    envelope: envelope,
                    payload: envelope.payload,
                    redelivered: delivery.redelivered,
                    routingKey: delivery.routingKey,
                    attempt: delivery.attempt
                )
            }, handler: handler)
        )
    }

    /// Handles every event whose payload decodes as `Payload`; a message with another
    /// payload is dead-lettered as invalid.
    public func run<Payload: EventPayload>(
        as type: Payload.Type,
        _ handler: @escaping @Sendable (ReceivedEvent<Payload>) async throws -> Void
    ) async throws(BloodbankError) {
        try await start(
            SubscriptionProcessor(subscription: self, decode: { envelope, delivery in
                let payload = try envelope.decodePayload(Payload.self)
                return ReceivedEvent(
                    envelope: envelope,
                    payload: payload,
                    redelivered: delivery.redelivered,
                    routingKey: delivery.routingKey,
                    attempt: delivery.attempt
                )
            }, handler: handler)
        )
    }

    /// Stops consuming: sends `basic.cancel` and waits for the broker's `cancel-ok`.
    ///
    /// `run` then lets the handlers in flight finish, returns the messages received but
    /// not started to the queue, and returns. Safe to call from inside a handler, and
    /// more than once.
    public func cancel() async {
        await requestStop().value
    }

    /// Starts the stop sequence once and returns the task that cancels the consumer.
    @discardableResult
    func requestStop() -> Task<Void, Never> {
        let (task, wakeSlotWaiter) = state.withLock { state -> (Task<Void, Never>, CheckedContinuation<Bool, Never>?) in
            if let task = state.stopTask { return (task, nil) }
            let task = Task { await self.cancelConsumer() }
            state.stopTask = task
            return (task, state.stopRequested())
        }
        wakeSlotWaiter?.resume(returning: false)
        return task
    }

    private func cancelConsumer() async {
        do {
            try await consumer.cancel()
        } catch {
            logger.debug("cancelling the consumer failed", metadata: [LogKey.queue: queue, LogKey.error: error.description])
        }
    }

    /// Runs the consuming loop in an unstructured task, so that cancelling the caller's
    /// task starts a graceful stop instead of cancelling the handlers in flight.
    private func start<Event: Sendable>(_ processor: SubscriptionProcessor<Event>) async throws(BloodbankError) {
        let started = state.withLock { $0.start() }
        guard started else {
            throw BloodbankError(.subscriptionCancelled, "the subscription to queue '\(queue)' already ran; subscribe again to consume once more")
        }
        let loop = Task { () -> BloodbankError? in
            await self.consumeAndDrain(processor)
        }
        let failure = await withTaskCancellationHandler {
            await loop.value
        } onCancel: {
            self.requestStop()
        }
        if let failure { throw failure }
    }
}
