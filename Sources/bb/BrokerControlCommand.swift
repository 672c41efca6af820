/// `bb broker ctl`: runs `rabbitmqctl` against the development broker.
struct BrokerControlCommand: Command {
    let name = "ctl"
    let abstract = "Run rabbitmqctl against the node, such as 'bb broker ctl -- list_queues'."

    var discussion: String {
        """
        rabbitmqctl reaches the node only with the node's name, cookie and epmd port, which \
        this command sets from the broker directory. Put '--' before the rabbitmqctl \
        arguments when one of them starts with '-'. Exits with the status of rabbitmqctl, \
        or 69 when the node does not run.
        """
    }

    static let controlArguments = CommandArgument.variadic(
        "arguments", help: "The rabbitmqctl command and its arguments, such as list_connections.",
        isRequired: true)

    var options: [CommandOption] { [BrokerCommand.directory] }
    var arguments: [CommandArgument] { [Self.controlArguments] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let broker = BrokerCommand.broker(arguments, context: context)
        let tools = try RabbitMQTools.locate(searchPath: context.environment["PATH"])

        // With the node's ERL_EPMD_PORT and no epmd there, rabbitmqctl would start an epmd
        // that nobody stops, so it runs only while the node does.
        guard let node = broker.recordedNode(), broker.runningNodePID() != nil else {
            throw CommandLineError.unavailable(
                "the broker in \(broker.directory) is not running; start it with "
                    + "'bb broker start\(BrokerStartCommand.directoryArgument(arguments))'")
        }
        return try await ProcessLauncher.runAttached(
            tools.control,
            ["--node", node.name] + arguments.arguments(Self.controlArguments),
            environment: broker.environment(for: node, inheriting: context.environment))
    }
}
