/// A change in a connection's health, delivered by ``AMQPConnection/events()``.
public enum ConnectionEvent: Sendable, Hashable {
    /// The connection failed; recovery starts if it is enabled and the failure allows it.
    case connectionLost(AMQPClientError)
    /// A reconnection attempt is starting, counted from 1.
    case recovering(attempt: Int, host: String, port: Int)
    /// The connection, its channels, the recorded topology and every consumer are back:
    /// the broker confirmed each consumer with `consume-ok`.
    case recovered(attempt: Int)
    /// The connection is back but something could not be restored, such as a consumer
    /// whose queue no longer exists. The connection is usable but unhealthy.
    case recoveredWithErrors(attempt: Int, errors: [AMQPClientError])
    /// Recovery gave up, or the failure was not recoverable; the connection is closed.
    case recoveryFailed(AMQPClientError)
    /// The broker blocked publishing, for example because of a memory or disk alarm.
    case blocked(reason: String)
    /// The broker lifted the block.
    case unblocked
    /// The connection was closed by the application.
    case closed
}
