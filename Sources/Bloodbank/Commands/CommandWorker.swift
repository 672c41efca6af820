import AMQPClient

/// A running consumer of one command type's worker queue, created by
/// ``BloodbankClient/serve(_:concurrency:idempotencyWindow:handler:)``.
///
/// The worker runs up to ``concurrency`` commands at once (the channel's prefetch),
/// and acknowledges each only after its outcome is published and replied, so a
/// worker that dies mid-command leaves the command to another worker. Several worker
/// processes may serve one queue; the broker hands each command to one of them.
///
/// Each worker keeps its idempotency window in memory. A command id delivered again to
/// the same worker within ``idempotencyWindow`` gets the first outcome as its reply and
/// is not executed again. Two workers, in one process or in two, do not share the window.
public final class CommandWorker: Sendable {
    /// How long a worker remembers the outcome of a command by default: 5 minutes.
    public static let defaultIdempotencyWindow: Duration = .seconds(300)

    /// The command type this worker executes.
    public let commandType: String
    /// The worker queue it consumes from.
    public let queue: String
    /// The maximum number of commands it runs at once.
    public let concurrency: UInt16
    /// How long it remembers the outcome of a command.
    public let idempotencyWindow: Duration

    let channel: AMQPChannel
    let replies: ReplyChannel
    let logger: Logger
    private let loop: ConsumerLoop

    init(
        commandType: String,
        concurrency: UInt16,
        idempotencyWindow: Duration,
        channel: AMQPChannel,
        consumer: AMQPConsumer,
        replies: ReplyChannel,
        logger: Logger
    ) {
        self.commandType = commandType
        self.queue = consumer.queue
        self.concurrency = concurrency
        self.idempotencyWindow = idempotencyWindow
        self.channel = channel
        self.replies = replies
        self.logger = logger
        self.loop = ConsumerLoop(consumer: consumer, logger: logger)
    }

    /// Starts handing deliveries to `process`, each in its own child task.
    func start(_ process: @escaping @Sendable (AMQPMessage) async -> Void) {
        loop.start(process)
    }

    /// Stops taking commands, lets the running ones finish for up to `timeout`, then
    /// cancels the rest and closes the worker's channels.
    ///
    /// A cancelled command is not acknowledged, so the broker delivers it again, to
    /// this or another worker.
    public func stop(timeout: Duration = .seconds(30)) async {
        await loop.stop(timeout: timeout)
        await channel.close()
        await replies.close()
        logger.debug("command worker stopped", metadata: [LogKey.queue: queue])
    }

    /// Waits until the worker stops: after ``stop(timeout:)``, or when its consumer ends.
    ///
    /// When the connection or the channel ends for good, the running handlers are
    /// cancelled, because their commands can no longer be acknowledged and the broker
    /// delivers them again.
    ///
    /// - Throws: ``CommandError`` with code `connection` when the channel or the
    ///   connection ended for good, or `consumerCancelled` when the broker cancelled
    ///   the consumer, for example because the queue was deleted.
    public func wait() async throws(CommandError) {
        do {
            try await loop.wait()
        } catch {
            throw CommandError.amqp(error, "the worker for \(commandType) stopped consuming from queue '\(queue)'", commandType: commandType)
        }
    }
}
