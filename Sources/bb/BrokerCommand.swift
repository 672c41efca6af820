/// `bb broker`: the group of commands that manage the development broker.
struct BrokerCommand: CommandGroup {
    let name = "broker"
    let abstract = "Start, stop or inspect a private RabbitMQ node for development and tests."

    var discussion: String {
        """
        The node runs from the binaries of Debian's rabbitmq-server package and shares \
        nothing with the system's RabbitMQ node. It listens on loopback only (127.0.0.1, and \
        ::1 for epmd): on the AMQP \
        port (default \(DevelopmentBroker.defaultPort)), on the AMQP port + 20000 for \
        Erlang distribution, and it runs its own epmd on the AMQP port + 10000. Its \
        configuration, database, logs and cookie live in the broker directory (default \
        \(DevelopmentBroker.defaultDirectory) under the current directory).

        'bb broker start' creates the user \(DevelopmentBroker.userName) with a random \
        password and writes the broker URL to the file 'url' in the broker directory. \
        Other bb commands read that file when \(BrokerURL.environmentVariable) is unset.
        """
    }

    var subcommands: [any Command] {
        [
            BrokerStartCommand(),
            BrokerStopCommand(),
            BrokerStatusCommand(),
            BrokerControlCommand(),
        ]
    }

    /// `--dir`, shared by every broker subcommand.
    static let directory = CommandOption.value(
        "dir", valueName: "path",
        help: "Directory that holds the node's configuration, data, logs and URL file; a relative path "
            + "starts at the current directory.",
        defaultValue: DevelopmentBroker.defaultDirectory)

    /// `--timeout`, shared by `start` and `stop`.
    static let timeout = CommandOption.value(
        "timeout", valueName: "seconds",
        help: "Maximum time to wait for the node, in seconds.",
        defaultValue: "60")

    /// The accepted range of `--timeout`, in seconds.
    static let timeoutRange: ClosedRange<Double> = 1...3600

    /// Returns the broker selected by `--dir`.
    static func broker(_ arguments: ParsedArguments, context: CommandContext) -> DevelopmentBroker {
        let directory = arguments.value(Self.directory) ?? DevelopmentBroker.defaultDirectory
        return DevelopmentBroker(directory: directory, relativeTo: context.currentDirectory)
    }

    /// Prints the node's URL (password hidden), directory and log file as aligned lines.
    static func printLocation(
        of broker: DevelopmentBroker,
        node: BrokerNode,
        url: String?,
        context: CommandContext
    ) {
        if let url {
            context.print("  URL:        \(BrokerURL.redactingPassword(in: url))")
        }
        context.print("  Directory:  \(broker.directory)")
        context.print("  Log:        \(broker.logFile(for: node))")
        let note = "mode 0600; bb reads it when \(BrokerURL.environmentVariable) is unset"
        context.print("  URL file:   \(broker.urlFile) (\(note))")
    }
}
