import AMQPClient
import AMQPWire

extension Subscription {
    /// Acknowledges a handled message.
    func acknowledge(_ message: AMQPMessage) async {
        do {
            try await message.ack()
        } catch {
            logger.warning("acknowledging a message failed; the broker will redeliver it", metadata: [
                LogKey.queue: queue,
                LogKey.deliveryTag: "\(message.deliveryTag)",
                LogKey.error: error.description,
            ])
        }
    }

    /// Sends a failed message to its next delay queue, or to the dead-letter queue when
    /// the retry ladder is exhausted.
    func retryOrDeadLetter(_ message: AMQPMessage, record: FailureRecord, eventID: String?) async {
        var record = record
        guard let retryTopology else {
            await drop(message, record: record, eventID: eventID)
            return
        }
        if let delay = options.retry.delay(afterDelayedRetries: record.delayedRetries) {
            record.delayedRetries += 1
            let target = retryTopology.delayQueueName(for: delay)
            if await republish(message, record: record, to: target, eventID: eventID) {
                logger.info("scheduled a delayed retry", metadata: [
                    LogKey.eventID: eventID ?? "unknown",
                    LogKey.queue: target,
                    LogKey.attempts: "\(record.attempts)",
                ])
            }
        } else {
            record.reason = .exhausted
            await deadLetter(message, record: record, eventID: eventID)
        }
    }

    /// Moves a message to the dead-letter queue with its failure headers.
    func deadLetter(_ message: AMQPMessage, record: FailureRecord, eventID: String?) async {
        guard let retryTopology else {
            await drop(message, record: record, eventID: eventID)
            return
        }
        if await republish(message, record: record, to: retryTopology.deadLetterQueue, eventID: eventID) {
            logger.error("dead-lettered an event", metadata: [
                LogKey.eventID: eventID ?? "unknown",
                LogKey.queue: retryTopology.deadLetterQueue,
                LogKey.reason: record.reason?.rawValue ?? "unknown",
                LogKey.attempts: "\(record.attempts)",
                LogKey.error: record.errorMessage ?? "",
            ])
        }
    }

    /// Rejects a message of a temporary queue, which has no dead-letter queue.
    private func drop(_ message: AMQPMessage, record: FailureRecord, eventID: String?) async {
        logger.error("dropped a failed event; a temporary queue has no dead-letter queue", metadata: [
            LogKey.eventID: eventID ?? "unknown",
            LogKey.queue: queue,
            LogKey.reason: record.reason?.rawValue ?? FailureRecord.Reason.exhausted.rawValue,
            LogKey.error: record.errorMessage ?? "",
        ])
        do {
            try await message.reject(requeue: false)
        } catch {
            logger.debug("rejecting a message failed", metadata: [LogKey.queue: queue, LogKey.error: error.description])
        }
    }

    /// Publishes the original body with updated failure headers to `target` through the
    /// default exchange, waits for the broker's confirm, and only then acknowledges the
    /// original. Returns false when the republish failed and the original went back to
    /// its queue instead.
    private func republish(_ message: AMQPMessage, record: FailureRecord, to target: String, eventID: String?) async -> Bool {
        var record = record
        record.queue = queue
        var properties = message.properties
        var headers = properties.headers ?? AMQPFieldTable()
        record.apply(to: &headers)
        properties.headers = headers
        // A per-message TTL would expire the message in the delay or dead-letter queue.
        properties.expiration = nil
        // A transient message would not survive a broker restart while it waits.
        properties.deliveryMode = 2

        let failure: String
        do {
            let channel = try await republishChannels.channel()
            let outcome = try await channel.basicPublish(
                exchange: "",
                routingKey: target,
                body: message.body,
                properties: properties,
                mandatory: true,
                timeout: options.republishTimeout
            )
            switch outcome {
            case .acked, .sent:
                await acknowledge(message)
                return true
            case .nacked:
                failure = "the broker rejected the republish (basic.nack)"
            case .returned:
                failure = "queue '\(target)' does not exist"
            }
        } catch {
            failure = error.description
        }
        logger.error("moving a failed event to its retry or dead-letter queue failed; returning it to the queue", metadata: [
            LogKey.eventID: eventID ?? "unknown",
            LogKey.queue: target,
            LogKey.error: failure,
        ])
        // Slows the loop of a message that cannot be moved and keeps coming back.
        try? await Task.sleep(for: .seconds(1))
        await requeue(message)
        return false
    }

    /// Logs one failed handler attempt.
    func logFailure(_ record: FailureRecord, eventID: String, eventType: String) {
        logger.warning("event handler failed", metadata: [
            LogKey.eventID: eventID,
            LogKey.eventType: eventType,
            LogKey.queue: queue,
            LogKey.attempts: "\(record.attempts)",
            LogKey.error: record.errorMessage ?? "",
        ])
    }
}
