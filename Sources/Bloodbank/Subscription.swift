public import AMQPClient
public import AMQPWire
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The queue a subscription consumes from.
public enum SubscriptionQueue: Sendable, Hashable {
    /// A durable queue shared by every instance of a service, such as
    /// `bloodbank.events.v1.transcript-indexer`; it keeps events while no instance runs.
    case durable(String)
    /// A server-named, exclusive, auto-delete queue that disappears with its connection:
    /// for watchers and tests, so an abandoned one cannot fill the broker.
    case temporary
}

/// An event received by a subscription, with its typed payload.
public struct ReceivedEvent<Payload: Sendable>: Sendable {
    public var envelope: EventEnvelope
    public var payload: Payload
    /// Whether the broker delivered this message before; a handler may then have run for it already.
    public var redelivered: Bool
    /// The routing key the event was published with.
    public var routingKey: String
}

/// A consumer bound to `bloodbank.events.v1`: created by
/// ``BloodbankClient/subscribe(queue:bindings:prefetch:)``, started with `run`.
///
/// Each message is decoded into an ``EventEnvelope`` (and a typed payload), handed to
/// the handler, and acknowledged after the handler returns. A message that cannot be
/// decoded is rejected without requeue and logged with its event id and the reason, and
/// the subscription goes on with the next message.
public final class Subscription: Sendable {
    /// The queue name; server-chosen for ``SubscriptionQueue/temporary`` queues.
    public let queue: String
    /// The routing-key patterns bound to the queue.
    public let bindings: [String]
    let consumer: AMQPConsumer
    let logger: Logger

    init(queue: String, bindings: [String], consumer: AMQPConsumer, logger: Logger) {
        self.queue = queue
        self.bindings = bindings
        self.consumer = consumer
        self.logger = logger
    }

    /// Handles every event as an untyped envelope until the subscription is cancelled.
    ///
    /// - Throws: ``BloodbankError`` with code `subscriptionCancelled` when the broker
    ///   cancels the consumer (for example because its queue was deleted), or
    ///   `connection` when the channel or connection fails. Returns normally after
    ///   ``cancel()`` or when the task is cancelled.
    public func run(_ handler: @escaping @Sendable (ReceivedEvent<JSONValue>) async throws -> Void) async throws(BloodbankError) {
        try await consume { envelope, message in
            ReceivedEvent(envelope: envelope, payload: envelope.payload, redelivered: message.redelivered, routingKey: message.routingKey)
        } handler: { event in
            try await handler(event)
        }
    }

    /// Handles every event whose payload decodes as `Payload`; a message with another
    /// payload is rejected as invalid.
    public func run<Payload: EventPayload>(
        as type: Payload.Type,
        _ handler: @escaping @Sendable (ReceivedEvent<Payload>) async throws -> Void
    ) async throws(BloodbankError) {
        try await consume { envelope, message in
            let payload = try envelope.decodePayload(Payload.self)
            return ReceivedEvent(envelope: envelope, payload: payload, redelivered: message.redelivered, routingKey: message.routingKey)
        } handler: { event in
            try await handler(event)
        }
    }

    /// Stops the consumer and waits for the broker's `cancel-ok`; `run` then returns.
    public func cancel() async {
        do {
            try await consumer.cancel()
        } catch {
            logger.debug("cancelling the consumer failed", metadata: [LogKey.queue: queue, LogKey.error: error.description])
        }
    }

    private func consume<Event: Sendable>(
        decode: @Sendable (EventEnvelope, AMQPMessage) throws -> Event,
        handler: @Sendable (Event) async throws -> Void
    ) async throws(BloodbankError) {
        do {
            for try await message in consumer {
                await process(message, decode: decode, handler: handler)
            }
        } catch let error as AMQPClientError {
            if error.code == .cancelled { return }
            throw BloodbankError.amqp(error, "the subscription to queue '\(queue)' ended")
        } catch {
            if Task.isCancelled { return }
            throw BloodbankError(.connection, "the subscription to queue '\(queue)' ended: \(error)")
        }
    }

    private func process<Event: Sendable>(
        _ message: AMQPMessage,
        decode: @Sendable (EventEnvelope, AMQPMessage) throws -> Event,
        handler: @Sendable (Event) async throws -> Void
    ) async {
        let event: Event
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.decode(message.body)
            event = try decode(envelope, message)
        } catch {
            // Requeueing a message that cannot be decoded would loop forever.
            logger.warning("rejected an event that cannot be decoded", metadata: [
                LogKey.eventID: message.properties.messageID ?? "unknown",
                LogKey.routingKey: message.routingKey,
                LogKey.queue: queue,
                LogKey.reason: "\(error)",
            ])
            settle(message, ack: false, requeue: false)
            return
        }

        do {
            try await EventContext.$causingEventID.withValue(envelope.eventID) {
                try await handler(event)
            }
            settle(message, ack: true, requeue: false)
        } catch {
            // NOTE: there is no dead-letter queue yet, so a failing event is requeued once
            // and dropped when it fails again after its redelivery.
            let requeue = !message.redelivered
            logger.error("event handler failed", metadata: [
                LogKey.eventID: envelope.eventID.lowercasedString,
                LogKey.eventType: envelope.eventType,
                LogKey.queue: queue,
                LogKey.error: "\(error)",
                LogKey.reason: requeue ? "requeued for one more attempt" : "rejected after a redelivery",
            ])
            settle(message, ack: false, requeue: requeue)
        }
    }

    private func settle(_ message: AMQPMessage, ack: Bool, requeue: Bool) {
        do {
            if ack {
                try message.channel.basicAck(deliveryTag: message.deliveryTag)
            } else {
                try message.channel.basicReject(deliveryTag: message.deliveryTag, requeue: requeue)
            }
        } catch {
            logger.warning("settling a message failed; the broker will redeliver it", metadata: [
                LogKey.deliveryTag: "\(message.deliveryTag)",
                LogKey.error: error.description,
            ])
        }
    }
}
