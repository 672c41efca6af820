#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private RabbitMQ node for development and tests, kept in one directory.
///
/// The node runs from the binaries of Debian's `rabbitmq-server` package but shares
/// nothing with the system's node: it has its own node name, ports (see ``BrokerNode``),
/// Erlang port mapper daemon, cookie, configuration, database and logs, all under
/// ``directory``. It listens on 127.0.0.1 only. Its plugins are disabled, the management
/// plugin included, so that it starts in a few seconds.
///
/// Layout of ``directory``:
///
///     url                 amqp:// URL with the password of user "bloodbank" (mode 0600)
///     port                the AMQP port of the last start
///     rabbitmq.conf       the node's configuration, written on every start
///     enabled_plugins     "[]." so that no plugin starts
///     rabbitmq.pid        process id of the Erlang VM, written by RabbitMQ
///     epmd.pid            process id of the epmd that bb started, if it started one
///     home/               HOME of the node and of rabbitmqctl, with .erlang.cookie
///     mnesia/             the node's database
///     log/                the node's log and the startup output
struct DevelopmentBroker: Sendable {
    /// The broker directory used when `--dir` is not given, relative to the current directory.
    static let defaultDirectory = ".bloodbank/broker"
    /// The AMQP port used when `--port` is not given; 5672 is left to a system node.
    static let defaultPort = 5682
    /// The user that `start` creates, with a random password.
    static let userName = "bloodbank"
    /// The only address the node listens on.
    static let host = "127.0.0.1"

    /// The absolute path of the broker directory.
    let directory: String

    /// Creates a broker kept in `directory`, which is resolved against `currentDirectory`
    /// when relative.
    init(directory: String, relativeTo currentDirectory: String) {
        self.directory = FileSystem.normalizedPath(directory, relativeTo: currentDirectory)
    }

    var urlFile: String { directory + "/url" }
    var portFile: String { directory + "/port" }
    var configFile: String { directory + "/rabbitmq.conf" }
    var advancedConfigFile: String { directory + "/advanced.config" }
    var environmentFile: String { directory + "/rabbitmq-env.conf" }
    var enabledPluginsFile: String { directory + "/enabled_plugins" }
    var pidFile: String { directory + "/rabbitmq.pid" }
    var epmdPIDFile: String { directory + "/epmd.pid" }
    var homeDirectory: String { directory + "/home" }
    var cookieFile: String { homeDirectory + "/.erlang.cookie" }
    var databaseDirectory: String { directory + "/mnesia" }
    var logDirectory: String { directory + "/log" }
    /// The file that receives the standard output and error of `rabbitmq-server`, rewritten
    /// on every start.
    var startupLogFile: String { logDirectory + "/startup.log" }
    var epmdLogFile: String { logDirectory + "/epmd.log" }

    /// Returns the path of the node's own log file, which RabbitMQ names after the node.
    func logFile(for node: BrokerNode) -> String {
        logDirectory + "/" + node.name + ".log"
    }

    /// Returns the node that was last started in this directory, or `nil` when none was.
    func recordedNode() -> BrokerNode? {
        guard let text = FileSystem.readTextIfPresent(portFile),
            let port = Int(text.trimmingWhitespace()),
            (BrokerNode.lowestPort...BrokerNode.highestPort).contains(port)
        else {
            return nil
        }
        return BrokerNode(port: port)
    }

    /// Returns the process id of the node's Erlang VM if it runs, checked against its command line
    /// so that a reused process id is not mistaken for the node.
    func runningNodePID() -> pid_t? {
        guard let pid = ProcessTable.readPID(from: pidFile),
            ProcessTable.isRunning(pid, commandLineContaining: ["beam", homeDirectory])
        else {
            return nil
        }
        return pid
    }

    /// Builds the environment for `rabbitmq-server` and `rabbitmqctl`: the caller's, without any
    /// `RABBITMQ_*` or `ERL_*` variable of its own, plus the settings that keep this node
    /// apart from every other.
    func environment(for node: BrokerNode, inheriting inherited: [String: String]) -> [String: String] {
        var environment = inherited.filter { !$0.key.hasPrefix("RABBITMQ_") && !$0.key.hasPrefix("ERL_") }
        let settings: [String: String] = [
            "HOME": homeDirectory,
            "RABBITMQ_NODENAME": node.name,
            "RABBITMQ_USE_LONGNAME": "false",
            // An empty file in place of /etc/rabbitmq/rabbitmq-env.conf, which configures the system node.
            "RABBITMQ_CONF_ENV_FILE": environmentFile,
            "RABBITMQ_CONFIG_FILE": configFile,
            "RABBITMQ_ADVANCED_CONFIG_FILE": advancedConfigFile,
            "RABBITMQ_ENABLED_PLUGINS_FILE": enabledPluginsFile,
            "RABBITMQ_MNESIA_BASE": databaseDirectory,
            "RABBITMQ_LOG_BASE": logDirectory,
            "RABBITMQ_PID_FILE": pidFile,
            "RABBITMQ_DIST_PORT": String(node.distributionPort),
            "RABBITMQ_CTL_DIST_PORT_MIN": String(node.controlDistributionPorts.lowerBound),
            "RABBITMQ_CTL_DIST_PORT_MAX": String(node.controlDistributionPorts.upperBound),
            // Erlang distribution listens on loopback only, like AMQP and epmd.
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "ERL_EPMD_PORT": String(node.epmdPort),
            "ERL_EPMD_ADDRESS": Self.host,
        ]
        environment.merge(settings) { _, new in new }
        if environment["LANG"] == nil && environment["LC_ALL"] == nil {
            // The Erlang VM warns about a Latin-1 file name encoding without a UTF-8 locale.
            environment["LC_ALL"] = "C.UTF-8"
        }
        return environment
    }

    /// Builds the node's configuration in RabbitMQ's `rabbitmq.conf` format.
    func configuration(for node: BrokerNode) -> String {
        """
        # Written by 'bb broker start' on every start; edits are lost.
        listeners.tcp.default = \(Self.host):\(node.port)
        log.console = false
        log.file.level = info

        """
    }
}
