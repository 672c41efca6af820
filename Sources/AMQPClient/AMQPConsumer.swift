/// The deliveries of one consumer, as an async sequence.
///
/// Iterate it to receive messages; settle each with ``AMQPMessage/ack()`` unless the
/// consumer uses `noAck`. ``cancel()`` ends the sequence after the broker's `cancel-ok`.
public struct AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPMessage

    /// The consumer tag that identifies this consumer on its channel.
    public let consumerTag: String
    public let queue: String
    public let channel: AMQPChannel
    let deliveries: DeliveryQueue<AMQPMessage>

    /// Cancels the consumer with `basic.cancel` and waits for `cancel-ok`.
    public func cancel() async throws(AMQPClientError) {
        try await channel.basicCancel(consumerTag: consumerTag)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(deliveries: deliveries)
    }

    /// Iterates the deliveries. Iterate a consumer from one task at a time.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let deliveries: DeliveryQueue<AMQPMessage>

        /// Returns the next delivery, `nil` after ``AMQPConsumer/cancel()`` or when the
        /// task is cancelled, or throws the error that ended the consumer.
        public mutating func next() async throws -> AMQPMessage? {
            try await deliveries.next()
        }
    }
}
