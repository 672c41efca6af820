import AMQPClient

extension AMQPMessage {
    /// Acknowledges the message (`requeue` nil) or rejects it, and logs a failure at
    /// debug level, because the broker delivers an unsettled message again anyway.
    func settle(requeue: Bool?, queue: String, logger: Logger) async {
        do {
            if let requeue {
                try await reject(requeue: requeue)
            } else {
                try await ack()
            }
        } catch {
            logger.debug("settling a message failed; the broker will deliver it again", metadata: [
                LogKey.deliveryTag: "\(deliveryTag)", LogKey.queue: queue, LogKey.error: error.description,
            ])
        }
    }
}
