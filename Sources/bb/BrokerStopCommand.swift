/// `bb broker stop`: stops the development broker.
struct BrokerStopCommand: Command {
    let name = "stop"
    let abstract = "Stop the node and the epmd that 'bb broker start' started."

    var discussion: String {
        """
        Stopping a node that does not run prints so and exits 0. The node's data and URL \
        file stay in the broker directory for the next start; delete the directory to start \
        from scratch.
        """
    }

    var options: [CommandOption] { [BrokerCommand.directory, BrokerCommand.timeout] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let broker = BrokerCommand.broker(arguments, context: context)
        let timeout = try arguments.duration(BrokerCommand.timeout, in: BrokerCommand.timeoutRange) ?? .seconds(60)
        let tools = try RabbitMQTools.locate(searchPath: context.environment["PATH"])

        switch try await broker.stop(
            timeout: timeout, tools: tools, inheriting: context.environment, logger: context.logger)
        {
        case .neverStarted:
            context.print("No broker has been started in \(broker.directory).")
        case .notRunning(let node):
            context.print("Broker not running: node \(node.name) in \(broker.directory).")
        case .stopped(let node):
            context.print("Broker stopped: node \(node.name) in \(broker.directory).")
        }
        return ExitStatus.success
    }
}
