/// `bb broker status`: reports whether the development broker runs.
struct BrokerStatusCommand: Command {
    /// The exit status for a stopped node, as in the LSB `status` action.
    static let notRunningStatus: Int32 = 3

    let name = "status"
    let abstract = "Print whether the node runs, with its name, port and RabbitMQ version."

    var discussion: String {
        """
        Exits 0 when the node runs and answers, \(Self.notRunningStatus) when it is stopped, \
        and 1 when its process runs but does not answer rabbitmqctl.
        """
    }

    var options: [CommandOption] { [BrokerCommand.directory] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let broker = BrokerCommand.broker(arguments, context: context)
        let tools = try RabbitMQTools.locate(searchPath: context.environment["PATH"])
        let status = await broker.status(tools: tools, inheriting: context.environment, logger: context.logger)

        guard let node = status.node else {
            context.print("Broker stopped: none has been started in \(broker.directory).")
            return Self.notRunningStatus
        }
        guard let pid = status.pid else {
            context.print("Broker stopped: node \(node.name), port \(node.port)")
            context.print("  Directory:  \(broker.directory)")
            return Self.notRunningStatus
        }

        if let problem = status.problem {
            context.print("Broker running but not answering: node \(node.name), port \(node.port), process \(pid)")
            context.print("  Problem:    \(problem)")
        } else {
            context.print("Broker running: node \(node.name), port \(node.port), process \(pid)")
            context.print("  RabbitMQ:   \(status.version ?? "unknown version")")
        }
        BrokerCommand.printLocation(of: broker, node: node, url: status.url, context: context)
        return status.problem == nil ? ExitStatus.success : ExitStatus.failure
    }
}
