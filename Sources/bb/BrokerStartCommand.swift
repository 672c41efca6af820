/// `bb broker start`: starts the development broker in the background.
struct BrokerStartCommand: Command {
    let name = "start"
    let abstract = "Start the node in the background and wait until it accepts connections."

    var discussion: String {
        """
        Starting a node that already runs in the broker directory prints its location and \
        exits 0. The password of user \(DevelopmentBroker.userName) is kept across restarts, \
        so a URL copied from the URL file keeps working. When the node fails to start, the \
        error names its log file.
        """
    }

    static let port = CommandOption.value(
        "port", valueName: "port",
        help: "AMQP port on 127.0.0.1, from \(BrokerNode.lowestPort) to \(BrokerNode.highestPort). The node also "
            + "uses this port + 10000 (epmd) and + 20000 (Erlang distribution).",
        defaultValue: String(DevelopmentBroker.defaultPort))

    var options: [CommandOption] { [BrokerCommand.directory, Self.port, BrokerCommand.timeout] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let broker = BrokerCommand.broker(arguments, context: context)
        let port = try arguments.integer(Self.port, in: BrokerNode.lowestPort...BrokerNode.highestPort)
        let timeout = try arguments.duration(BrokerCommand.timeout, in: BrokerCommand.timeoutRange) ?? .seconds(60)
        let tools = try RabbitMQTools.locate(searchPath: context.environment["PATH"])

        let clock = ContinuousClock()
        let startTime = clock.now
        // Without --port, a node that already runs on another port counts as running.
        let result = try await broker.start(
            port: arguments.isGiven(Self.port) ? port : nil,
            timeout: timeout,
            tools: tools,
            inheriting: context.environment,
            logger: context.logger)
        let elapsed = startTime.duration(to: clock.now)

        let version = result.version.map { " (RabbitMQ \($0))" } ?? ""
        if result.wasAlreadyRunning {
            context.print("Broker already running: node \(result.node.name)\(version)")
        } else {
            context.print("Broker started: node \(result.node.name)\(version)")
        }
        BrokerCommand.printLocation(of: broker, node: result.node, url: result.url, context: context)
        if !result.wasAlreadyRunning {
            let tenths = Int((elapsed / .milliseconds(100)).rounded())
            let stopCommand = "bb broker stop" + Self.directoryArgument(arguments)
            context.print("Started in \(tenths / 10).\(tenths % 10) s. Stop it with '\(stopCommand)'.")
        }
        return ExitStatus.success
    }

    /// ` --dir PATH` when `--dir` was given, for commands suggested to the user.
    static func directoryArgument(_ arguments: ParsedArguments) -> String {
        guard arguments.isGiven(BrokerCommand.directory),
            let directory = arguments.value(BrokerCommand.directory)
        else {
            return ""
        }
        return " --dir \(directory)"
    }
}
