/// The root of the `bb` command tree.
///
/// Add a top-level command by appending an instance to ``subcommands``.
struct BBCommand: CommandGroup {
    /// The version that `bb --version` prints.
    static let version = "0.1.0-dev"

    let name = "bb"
    let abstract = "Command-line tool for the Bloodbank event bus on RabbitMQ."

    var subcommands: [any Command] {
        [
            ListEventsCommand(),
            ShowCommand(),
            SchemaCommand(),
            PublishCommand(),
            SendCommand(),
            WatchCommand(),
            DemoCommand(),
            DLQCommand(),
            BridgeCommand(),
            BrokerCommand(),
        ]
    }

    var environmentVariables: [CommandEnvironmentVariable] {
        [
            CommandEnvironmentVariable(
                name: BrokerURL.environmentVariable,
                help: "URL of the RabbitMQ broker, such as amqp://user:password@host:5672/%2F. "
                    + "When unset, bb reads the URL that 'bb broker start' wrote to "
                    + "\(DevelopmentBroker.defaultDirectory)/url under the current directory."),
            CommandEnvironmentVariable(
                name: CommandRunner.logLevelVariable,
                help: "Minimum level of the log records written to standard error: trace, debug, "
                    + "info, notice, warning, error or critical (default: \(CommandRunner.defaultLogLevel))."),
        ]
    }
}
