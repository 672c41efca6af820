public import AMQPWire

/// A message received from the broker, by a consumer or by `basic.get`.
///
/// Settle it with ``ack()``, ``nack(requeue:)`` or ``reject(requeue:)`` unless it was
/// consumed with `noAck`. The delivery tag belongs to the channel the message arrived
/// on: settling after that channel closed throws, and settling after the connection
/// recovered is dropped. In both cases the broker redelivers the message, marked
/// ``redelivered``.
public struct AMQPMessage: Sendable {
    public var deliveryTag: UInt64
    /// Whether the broker delivered this message before, to this or another consumer.
    public var redelivered: Bool
    public var exchange: String
    public var routingKey: String
    /// The consumer that received it; `nil` for `basic.get`.
    public var consumerTag: String?
    public var properties: AMQPBasicProperties
    public var body: [UInt8]
    /// The channel the message arrived on, which settles it.
    public let channel: AMQPChannel
    /// The channel's recovery epoch when the message arrived; a settle from an older
    /// epoch is dropped because the new channel would misread its delivery tag.
    let epoch: UInt64

    /// Acknowledges this message, so the broker deletes it.
    public func ack() async throws(AMQPClientError) {
        try channel.settle(.basic(.ack(deliveryTag: deliveryTag, multiple: false)), epoch: epoch)
    }

    /// Rejects this message; with `requeue` false it is dead-lettered or dropped.
    public func nack(requeue: Bool) async throws(AMQPClientError) {
        try channel.settle(.basic(.nack(deliveryTag: deliveryTag, multiple: false, requeue: requeue)), epoch: epoch)
    }

    /// Rejects this message with `basic.reject`.
    public func reject(requeue: Bool) async throws(AMQPClientError) {
        try channel.settle(.basic(.reject(deliveryTag: deliveryTag, requeue: requeue)), epoch: epoch)
    }
}

/// A message the broker returned because it could not be routed (`basic.return`).
public struct AMQPReturnedMessage: Sendable, Hashable {
    /// 312 NO_ROUTE for a `mandatory` message no queue matched.
    public var replyCode: UInt16
    public var replyText: String
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPBasicProperties
    public var bodySize: Int
}

/// The outcome of a publish, as the broker settled it.
public enum PublishConfirmation: Sendable, Hashable {
    /// The channel is not in confirm mode: the message was handed to the socket and
    /// nothing more is known.
    case sent
    /// The broker confirmed the message (`basic.ack`): it is routed and, if persistent
    /// and routed to durable queues, written to disk.
    case acked
    /// The broker could not take responsibility for the message (`basic.nack`).
    case nacked
    /// The message was `mandatory` and no queue matched; the broker returned it.
    ///
    /// Boxed because the returned message is 256 bytes and rare. Stored inline, it made
    /// every async frame that contains an outcome 256 bytes larger, in each publishing task.
    indirect case returned(AMQPReturnedMessage)
}
