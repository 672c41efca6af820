import AMQPClient

extension Outbox {
    /// Publishes stored events through `publisher` in stored order until the task is
    /// cancelled, deleting them after the broker's confirm.
    ///
    /// A failed publish (broker down, connection recovering, confirm timeout, `nack`) is
    /// retried with the same event after a backoff from 0.2 s doubling to 5 s, so the
    /// events behind it keep their order. An event the broker returns as unroutable is
    /// moved to ``unroutable(limit:)`` and logged as an error. Cancellation takes effect
    /// between events: a publish in progress finishes first.
    public func relay(through publisher: Publisher, publishTimeout: Duration = .seconds(10)) async {
        logger.debug("outbox relay started", metadata: [LogKey.reason: path])
        var backoff = Self.initialBackoff
        var failures = 0
        while !Task.isCancelled {
            let batch: [OutboxEntry]
            do {
                batch = try await pending(limit: deleteBatchSize)
            } catch {
                logger.error("reading the outbox failed", metadata: [LogKey.error: error.description])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, Self.maximumBackoff)
                continue
            }
            if batch.isEmpty {
                await wakeUp.wait(timeout: .seconds(1))
                continue
            }

            let outcome = await publishInOrder(batch, through: publisher, timeout: publishTimeout)
            if !outcome.published.isEmpty {
                await remove(outcome.published, unroutable: outcome.unroutable)
            }
            if let failure = outcome.failure {
                failures += 1
                if failures == 1 {
                    logger.warning("publishing from the outbox failed; retrying in order", metadata: [
                        LogKey.eventID: failure.eventID ?? "unknown",
                        LogKey.error: failure.description,
                    ])
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, Self.maximumBackoff)
            } else {
                if failures > 0 {
                    logger.info("publishing from the outbox resumed", metadata: [LogKey.reason: "after \(failures) failed attempts"])
                }
                failures = 0
                backoff = Self.initialBackoff
            }
        }
        logger.debug("outbox relay stopped", metadata: [LogKey.reason: path])
    }

    static let initialBackoff: Duration = .milliseconds(200)
    static let maximumBackoff: Duration = .seconds(5)

    private struct BatchOutcome {
        var published: [Int64] = []
        var unroutable: [OutboxEntry] = []
        var failure: BloodbankError?
    }

    /// Publishes the entries one at a time, stopping at the first failure. Serial
    /// publishing is what keeps the order: concurrent publishes on one channel may reach
    /// the socket in any order.
    private func publishInOrder(_ batch: [OutboxEntry], through publisher: Publisher, timeout: Duration) async -> BatchOutcome {
        var outcome = BatchOutcome()
        for entry in batch {
            if Task.isCancelled { break }
            // An unstructured task, so that cancelling the relay does not abandon a publish
            // whose confirm is on its way.
            let result = await Task { () -> BloodbankError? in
                do throws(BloodbankError) {
                    try await publisher.publish(body: entry.body, routingKey: entry.routingKey, eventID: entry.eventID, timeout: timeout)
                    return nil
                } catch {
                    return error
                }
            }.value
            guard let error = result else {
                outcome.published.append(entry.sequence)
                continue
            }
            if error.code == .unroutable {
                logger.error("the broker returned an outbox event as unroutable; it is kept in the outbox_unroutable table", metadata: [
                    LogKey.eventID: entry.eventID,
                    LogKey.routingKey: entry.routingKey,
                ])
                outcome.published.append(entry.sequence)
                outcome.unroutable.append(entry)
                continue
            }
            outcome.failure = error
            break
        }
        return outcome
    }

    /// Deletes published events in one transaction, keeping unroutable ones aside.
    private func remove(_ sequences: [Int64], unroutable: [OutboxEntry]) async {
        let now = Self.nowMilliseconds()
        do {
            try await database.perform { connection throws(BloodbankError) in
                try connection.transaction { () throws(BloodbankError) in
                    for entry in unroutable {
                        try connection.run(
                            """
                            INSERT OR REPLACE INTO outbox_unroutable (sequence, event_id, routing_key, body, stored_at_ms, failed_at_ms)
                            SELECT sequence, event_id, routing_key, body, stored_at_ms, ? FROM outbox WHERE sequence = ?
                            """,
                            [.integer(now), .integer(entry.sequence)]
                        )
                    }
                    for sequence in sequences {
                        try connection.run("DELETE FROM outbox WHERE sequence = ?", [.integer(sequence)])
                    }
                }
            }
        } catch {
            logger.error("deleting published events from the outbox failed; they will be published again", metadata: [
                LogKey.error: error.description,
            ])
        }
    }
}
