import AMQPClient

extension BloodbankClient {
    /// Starts a worker that executes commands of type `C` from their worker queue, and
    /// returns once it consumes.
    ///
    /// The worker declares the commands exchange and the worker queue (the same
    /// declaration as senders make) and consumes with manual acknowledgements and a
    /// prefetch of `concurrency`. For each command it publishes, on the events exchange,
    /// `<command_type>.accepted` when the handler starts, then
    /// `<command_type>.completed` with the result or `<command_type>.failed`. Each
    /// event lists the command id in `correlation_ids`. A command past its time to live
    /// is not run and is reported as `<command_type>.expired`. The outcome event is also
    /// the reply to a requester. Events the handler publishes list the command id in
    /// `correlation_ids` too, through ``EventContext``.
    ///
    /// A handler reports a failure by throwing a ``CommandFailure``; any other error
    /// becomes `execution_failed`, not retryable.
    ///
    /// - Parameters:
    ///   - concurrency: The maximum number of commands run at once, from 1 to 65535.
    ///   - idempotencyWindow: How long the outcome of a command is remembered, so that
    ///     the same command id delivered again is answered without running it twice.
    ///     Each worker remembers only its own commands.
    /// - Throws: ``CommandError`` with code `invalidCommand` for a command type that
    ///   breaks the naming rule, or `connection` when declaring or consuming fails.
    public func serve<C: CommandPayload>(
        _ type: C.Type,
        concurrency: UInt16 = 1,
        idempotencyWindow: Duration = CommandWorker.defaultIdempotencyWindow,
        handler: @escaping @Sendable (ReceivedCommand<C>) async throws -> C.Result
    ) async throws(CommandError) -> CommandWorker {
        let commandType = C.commandType
        try CommandName.validate(commandType)
        guard concurrency > 0 else {
            throw CommandError(.invalidCommand, "the concurrency of a worker must be at least 1", commandType: commandType)
        }
        let queue = CommandQueue.name(for: commandType)
        let channel: AMQPChannel
        do {
            channel = try await connection.openChannel()
        } catch {
            throw CommandError.amqp(error, "could not open a channel for the worker of \(commandType)", commandType: commandType)
        }
        let consumer: AMQPConsumer
        do {
            try await CommandQueue.declare(commandType: commandType, queueType: C.queueType, on: channel)
            try await channel.basicQos(prefetchCount: concurrency)
            consumer = try await channel.basicConsume(queue: queue)
        } catch {
            await channel.close()
            throw CommandError.amqp(error, "could not start the worker of \(commandType) on queue '\(queue)'", commandType: commandType)
        }

        let replies = ReplyChannel(connection: connection)
        let executor = CommandExecutor<C>(
            handler: handler,
            client: self,
            replies: replies,
            queue: queue,
            idempotencyWindow: idempotencyWindow,
            logger: logger
        )
        let worker = CommandWorker(
            commandType: commandType,
            concurrency: concurrency,
            idempotencyWindow: idempotencyWindow,
            channel: channel,
            consumer: consumer,
            replies: replies,
            logger: logger
        )
        worker.start { message in await executor.process(message) }
        logger.debug("command worker started", metadata: [LogKey.queue: queue])
        return worker
    }
}
