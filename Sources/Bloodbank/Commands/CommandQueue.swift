import AMQPClient
public import AMQPWire

/// The kind of RabbitMQ queue that stores a command type's pending commands.
public enum CommandQueueType: String, Sendable, Hashable {
    /// A replicated quorum queue (`x-queue-type: quorum`): survives the loss of a node
    /// in a cluster, and the default.
    case quorum
    /// A classic durable queue, for brokers without quorum queues.
    case classic
}

/// Names and arguments of the worker queues, one per command type.
///
/// Every sender and every worker of a command type declares its queue with the same
/// name and arguments, so that declaring is idempotent: a command sent before any
/// worker runs waits in the queue. A declaration with other arguments makes RabbitMQ
/// close the channel with 406, so all of them come from here.
public enum CommandQueue {
    /// The prefix of every worker queue name.
    public static let namePrefix = Topology.commandsExchange + "."

    /// Returns the worker queue of `commandType`, such as
    /// `bloodbank.commands.v1.github.pr.merge`.
    public static func name(for commandType: String) -> String {
        namePrefix + commandType
    }

    /// Returns the `queue.declare` arguments of a worker queue of `type`.
    public static func arguments(for type: CommandQueueType) -> AMQPFieldTable {
        switch type {
        case .quorum: ["x-queue-type": .string("quorum")]
        case .classic: [:]
        }
    }
}

extension CommandQueue {
    /// Declares the commands exchange and the worker queue of `commandType`, and binds
    /// the queue with the command type as routing key.
    static func declare(commandType: String, queueType: CommandQueueType, on channel: AMQPChannel) async throws(AMQPClientError) {
        let queue = name(for: commandType)
        try await channel.exchangeDeclare(Topology.commandsExchange, type: "topic", durable: true)
        try await channel.queueDeclare(queue, durable: true, arguments: arguments(for: queueType))
        try await channel.queueBind(queue: queue, exchange: Topology.commandsExchange, routingKey: commandType)
    }
}
