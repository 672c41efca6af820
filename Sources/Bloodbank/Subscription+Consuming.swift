import AMQPClient

extension Subscription {
    /// Hands each delivery to a job while a slot is free, then stops: drains the jobs,
    /// closes the channels, and returns the error that ended the consumer, if any.
    func consumeAndDrain<Event: Sendable>(_ processor: SubscriptionProcessor<Event>) async -> BloodbankError? {
        var failure: BloodbankError?
        do {
            for try await message in consumer {
                guard await acquireSlot() else {
                    // Stopping: a message received but not started goes back to the queue,
                    // after the broker's cancel-ok so that it is not delivered here again.
                    await waitForConsumerCancel()
                    await requeue(message)
                    continue
                }
                let (jobID, control) = state.withLock { $0.addJob() }
                Task {
                    let straggler = await processor.process(message, control: control)
                    self.state.withLock { $0.removeJob(jobID) }
                    // A handler past its deadline keeps its slot until it returns.
                    await straggler?.value
                    self.releaseSlot()
                }
            }
        } catch let error as AMQPClientError {
            if error.code != .cancelled {
                failure = BloodbankError.amqp(error, "the subscription to queue '\(queue)' ended")
            }
        } catch {
            failure = BloodbankError(.connection, "the subscription to queue '\(queue)' ended: \(error)")
        }

        requestStop()
        await drainJobs()
        deadlines.stop()
        await republishChannels.close()
        await consumer.channel.close()
        state.withLock { $0.stopped() }
        logger.debug("subscription stopped", metadata: [LogKey.queue: queue])
        return failure
    }

    /// Waits up to the grace period for the messages in flight to be settled, then
    /// abandons the rest, whose jobs return them to the queue.
    private func drainJobs() async {
        let graceEnd = ContinuousClock.now + options.shutdownGracePeriod
        while !state.withLock({ $0.jobs.isEmpty }), ContinuousClock.now < graceEnd {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = state.withLock { Array($0.jobs.values) }
        guard !remaining.isEmpty else { return }
        logger.warning("handlers did not finish within the shutdown grace period; their messages go back to the queue", metadata: [
            LogKey.queue: queue,
            LogKey.reason: "\(remaining.count) handlers still running",
        ])
        for control in remaining { control.abort() }
        // Abandoned jobs settle at once unless they are waiting for a republish confirm.
        let settleEnd = ContinuousClock.now + options.republishTimeout + .seconds(1)
        while !state.withLock({ $0.jobs.isEmpty }), ContinuousClock.now < settleEnd {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until the broker confirmed `basic.cancel`, once a stop was requested.
    private func waitForConsumerCancel() async {
        let stopTask = state.withLock { $0.stopTask }
        await stopTask?.value
    }

    private func acquireSlot() async -> Bool {
        await withCheckedContinuation { continuation in
            let immediate = state.withLock { $0.acquireSlot(continuation) }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    private func releaseSlot() {
        let waiter = state.withLock { $0.releaseSlot() }
        waiter?.resume(returning: true)
    }

    /// Returns a message to its queue without counting an attempt.
    func requeue(_ message: AMQPMessage) async {
        do {
            try await message.nack(requeue: true)
        } catch {
            logger.debug("returning a message to the queue failed; the broker requeues it when the channel closes", metadata: [
                LogKey.queue: queue,
                LogKey.deliveryTag: "\(message.deliveryTag)",
                LogKey.error: error.description,
            ])
        }
    }
}
