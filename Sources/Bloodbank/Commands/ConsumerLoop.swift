import AMQPClient
import Synchronization

/// Hands the deliveries of one consumer to a handler, each in its own child task, until
/// the consumer ends. Command workers and the legacy bridge both use it.
///
/// The consumer's prefetch bounds how many handlers run at once, because each
/// delivery stays unacknowledged while its handler runs.
final class ConsumerLoop: Sendable {
    private let consumer: AMQPConsumer
    private let logger: Logger
    private let task = Mutex<Task<Result<Void, AMQPClientError>, Never>?>(nil)

    init(consumer: AMQPConsumer, logger: Logger) {
        self.consumer = consumer
        self.logger = logger
    }

    /// Starts handing deliveries to `process`.
    func start(_ process: @escaping @Sendable (AMQPMessage) async -> Void) {
        let consumer = self.consumer
        let started = Task.detached { () -> Result<Void, AMQPClientError> in
            await withDiscardingTaskGroup { group -> Result<Void, AMQPClientError> in
                do {
                    for try await message in consumer {
                        group.addTask { await process(message) }
                    }
                    return .success(())
                } catch let error as AMQPClientError {
                    // Without a channel, running handlers can neither reply nor
                    // acknowledge, and the broker has already requeued their messages.
                    if error.code != .consumerCancelled { group.cancelAll() }
                    return error.code == .cancelled ? .success(()) : .failure(error)
                } catch {
                    group.cancelAll()
                    return .failure(AMQPClientError(.channelClosed, "the consumer ended: \(error)"))
                }
            }
        }
        task.withLock { $0 = started }
    }

    /// Cancels the consumer, lets running handlers finish for up to `timeout`, then
    /// cancels them.
    func stop(timeout: Duration) async {
        do {
            try await consumer.cancel()
        } catch {
            logger.debug("cancelling the consumer failed", metadata: [LogKey.queue: consumer.queue, LogKey.error: error.description])
        }
        guard let running = task.withLock({ $0 }) else { return }
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { running.cancel() }
        }
        _ = await running.value
        watchdog.cancel()
    }

    /// Waits until the consumer ended and every handler returned.
    ///
    /// - Throws: The AMQP error that ended the consumer, unless ``stop(timeout:)`` ended it.
    func wait() async throws(AMQPClientError) {
        guard let running = task.withLock({ $0 }) else { return }
        try await running.value.get()
    }
}
