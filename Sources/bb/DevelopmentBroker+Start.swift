#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import AMQPClient
import Foundation

extension DevelopmentBroker {
    /// The outcome of ``start(port:timeout:tools:inheriting:logger:)``.
    struct StartResult: Sendable {
        /// The node that runs.
        let node: BrokerNode
        /// The URL with the password; display it only through ``BrokerURL/redactingPassword(in:)``.
        let url: String
        /// Whether the node was already running, so nothing was started.
        let wasAlreadyRunning: Bool
        /// The RabbitMQ version from the startup banner, when it could be read.
        let version: String?
    }

    /// Starts the node in the background and waits until it accepts AMQP connections, then
    /// makes sure user `bloodbank` exists with the password stored in ``urlFile``.
    ///
    /// A password from an earlier start is kept, so a URL copied from the URL file keeps
    /// working across restarts. The `guest` user is deleted.
    ///
    /// - Parameter port: The AMQP port, or `nil` for ``defaultPort``. A node that already
    ///   runs in this directory on a different port is an error when `port` is given.
    /// - Throws: ``CommandLineError`` when a port is taken, the node exits or does not
    ///   start within `timeout` (the message names the log file), or `rabbitmqctl` fails.
    func start(
        port: Int?,
        timeout: Duration,
        tools: RabbitMQTools,
        inheriting inherited: [String: String],
        logger: Logger
    ) async throws(CommandLineError) -> StartResult {
        if let running = recordedNode(), runningNodePID() != nil {
            guard port == nil || port == running.port else {
                throw .failure(
                    "a broker already runs in \(directory) on port \(running.port); "
                        + "run 'bb broker stop --dir \(directory)' first to change the port")
            }
            guard let url = FileSystem.readTextIfPresent(urlFile)?.trimmingWhitespace(), !url.isEmpty else {
                throw .failure(
                    "a broker runs in \(directory) but its URL file \(urlFile) is missing; "
                        + "run 'bb broker stop --dir \(directory)' and start it again")
            }
            return StartResult(node: running, url: url, wasAlreadyRunning: true, version: bannerVersion())
        }

        let node = BrokerNode(port: port ?? Self.defaultPort)
        try checkPortsAreFree(for: node)
        try prepareDirectory(for: node)
        let password = existingPassword(for: node) ?? Self.randomPassword()

        let environment = environment(for: node, inheriting: inherited)
        try await ensurePortMapper(for: node, tools: tools, environment: environment, logger: logger)
        let serverPID: pid_t
        do throws(CommandLineError) {
            serverPID = try launchServer(tools: tools, environment: environment, logger: logger)
        } catch {
            await stopPortMapper(for: node, logger: logger)
            throw error
        }
        try await waitForStartup(
            of: node, serverPID: serverPID, timeout: timeout, tools: tools, inheriting: inherited, logger: logger)

        let url = node.url(user: Self.userName, password: password)
        do throws(CommandLineError) {
            try await configureUser(password: password, node: node, tools: tools, inheriting: inherited, logger: logger)
            try FileSystem.writeText(url + "\n", to: urlFile, permissions: 0o600)
        } catch {
            await terminateServer(serverPID, node: node, logger: logger)
            throw error
        }
        return StartResult(node: node, url: url, wasAlreadyRunning: false, version: bannerVersion())
    }

    /// Fails early, with a clear message, when another process listens on a port the node needs.
    private func checkPortsAreFree(for node: BrokerNode) throws(CommandLineError) {
        for (port, purpose) in [(node.port, "AMQP"), (node.distributionPort, "Erlang distribution")] {
            if PortProbe.acceptsConnections(port: port) {
                throw .failure(
                    "port \(port) on \(Self.host), needed for \(purpose), is already in use; "
                        + "stop the process that listens there or choose another AMQP port with --port")
            }
        }
    }

    /// Creates the directories and writes the configuration, plugin list, cookie and port record.
    private func prepareDirectory(for node: BrokerNode) throws(CommandLineError) {
        for path in [directory, homeDirectory, databaseDirectory, logDirectory] {
            try FileSystem.createDirectory(path)
        }
        try FileSystem.writeText(configuration(for: node), to: configFile, permissions: 0o600)
        try FileSystem.writeText("[].\n", to: enabledPluginsFile, permissions: 0o600)
        try FileSystem.writeText("", to: environmentFile, permissions: 0o600)
        try FileSystem.writeText("\(node.port)\n", to: portFile, permissions: 0o600)
        if !FileSystem.fileExists(cookieFile) {
            // Erlang requires that only the owner can read the cookie.
            try FileSystem.writeText(Self.randomCookie(), to: cookieFile, permissions: 0o400)
        }
        FileSystem.removeFile(pidFile)
    }

    /// Returns the password in the URL file when the file belongs to `node`, so that a
    /// restart keeps the password.
    private func existingPassword(for node: BrokerNode) -> String? {
        guard let url = FileSystem.readTextIfPresent(urlFile)?.trimmingWhitespace() else { return nil }
        let prefix = "amqp://\(Self.userName):"
        let suffix = "@\(Self.host):\(node.port)/%2F"
        guard url.hasPrefix(prefix), url.hasSuffix(suffix), url.count > prefix.count + suffix.count else {
            return nil
        }
        let password = url.dropFirst(prefix.count).dropLast(suffix.count)
        guard password.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(password)
    }

    /// Starts an epmd on the node's own port unless one already listens there, and records
    /// its process id so that `stop` ends it and nothing else.
    private func ensurePortMapper(
        for node: BrokerNode,
        tools: RabbitMQTools,
        environment: [String: String],
        logger: Logger
    ) async throws(CommandLineError) {
        if PortProbe.acceptsConnections(port: node.epmdPort) {
            logger.debug("epmd already listens", metadata: ["epmd.port": String(node.epmdPort)])
            return
        }
        let pid = try ProcessLauncher.spawnDetached(
            tools.epmd, ["-port", String(node.epmdPort), "-address", Self.host],
            environment: environment, outputFile: epmdLogFile)
        try FileSystem.writeText("\(pid)\n", to: epmdPIDFile, permissions: 0o600)
        logger.debug("started epmd", metadata: ["epmd.port": String(node.epmdPort), "process.pid": String(pid)])

        let deadline = ContinuousClock.now + .seconds(10)
        while !PortProbe.acceptsConnections(port: node.epmdPort) {
            if let status = ProcessLauncher.exitStatusIfExited(pid) {
                throw .failure(
                    "epmd exited with status \(status) instead of listening on port \(node.epmdPort); "
                        + "see \(epmdLogFile)")
            }
            if ContinuousClock.now >= deadline {
                throw .failure("epmd did not listen on port \(node.epmdPort) within 10 s; see \(epmdLogFile)")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func launchServer(
        tools: RabbitMQTools,
        environment: [String: String],
        logger: Logger
    ) throws(CommandLineError) -> pid_t {
        try FileSystem.writeText("", to: startupLogFile, permissions: 0o600)
        let pid = try ProcessLauncher.spawnDetached(
            tools.server, [], environment: environment, outputFile: startupLogFile)
        logger.debug("started rabbitmq-server", metadata: ["process.pid": String(pid), "broker.directory": directory])
        return pid
    }

    /// Polls the AMQP port until the node listens, then runs `rabbitmqctl await_startup` to
    /// wait for the end of the boot. Stops the node when it does not start in time.
    private func waitForStartup(
        of node: BrokerNode,
        serverPID: pid_t,
        timeout: Duration,
        tools: RabbitMQTools,
        inheriting inherited: [String: String],
        logger: Logger
    ) async throws(CommandLineError) {
        let deadline = ContinuousClock.now + timeout
        let seconds = timeout.components.seconds
        while !PortProbe.acceptsConnections(port: node.port) {
            if let status = ProcessLauncher.exitStatusIfExited(serverPID) {
                await stopPortMapper(for: node, logger: logger)
                throw .failure(
                    "the RabbitMQ node exited with status \(status) while starting; see \(logFile(for: node)) "
                        + "and \(startupLogFile)",
                    detail: startupFailureDetail())
            }
            if ContinuousClock.now >= deadline {
                let detail = startupFailureDetail()
                await terminateServer(serverPID, node: node, logger: logger)
                throw .failure(
                    "the RabbitMQ node did not accept connections on \(Self.host):\(node.port) within \(seconds) s; "
                        + "see \(logFile(for: node)) and \(startupLogFile), or raise --timeout",
                    detail: detail)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }

        let remaining = max(ContinuousClock.now.duration(to: deadline), .seconds(5))
        let output = try await runControl(
            ["await_startup", "--timeout", String(remaining.components.seconds + 1)],
            node: node, tools: tools, inheriting: inherited, timeout: remaining + .seconds(5), logger: logger)
        guard output.succeeded else {
            await terminateServer(serverPID, node: node, logger: logger)
            throw .failure(
                "the RabbitMQ node listens on port \(node.port) but did not finish booting; see \(logFile(for: node))",
                detail: (output.standardError + output.standardOutput).trimmingWhitespace())
        }
    }

    /// Creates user `bloodbank` or resets its password, grants it every permission on the
    /// virtual host `/`, and deletes `guest`. Passwords go through standard input, never
    /// through arguments that other users could read in the process list.
    private func configureUser(
        password: String,
        node: BrokerNode,
        tools: RabbitMQTools,
        inheriting inherited: [String: String],
        logger: Logger
    ) async throws(CommandLineError) {
        let listing = try await requireControl(
            ["--quiet", "list_users", "--formatter", "json"], node: node, tools: tools, inheriting: inherited,
            logger: logger)
        let users = Self.userNames(inJSON: listing.standardOutput)

        let passwordCommand = users.contains(Self.userName) ? "change_password" : "add_user"
        try await requireControl(
            [passwordCommand, Self.userName], node: node, tools: tools, inheriting: inherited,
            input: password + "\n", logger: logger)
        try await requireControl(
            ["set_permissions", "--vhost", "/", Self.userName, ".*", ".*", ".*"], node: node, tools: tools,
            inheriting: inherited, logger: logger)
        if users.contains("guest") {
            try await requireControl(
                ["delete_user", "guest"], node: node, tools: tools, inheriting: inherited, logger: logger)
        }
    }

    /// Ends a node that failed to start, and the recorded epmd. The `rabbitmq-server` script
    /// gets `SIGTERM`, which makes it stop the Erlang VM. After 10 s, both get `SIGKILL`.
    func terminateServer(_ serverPID: pid_t, node: BrokerNode, logger: Logger) async {
        logger.debug("stopping the node that failed to start", metadata: ["process.pid": String(serverPID)])
        let vmPID = runningNodePID()
        _ = await ProcessTable.terminate(serverPID, gracePeriod: .seconds(10))
        if let vmPID, ProcessTable.isRunning(vmPID) {
            ProcessTable.send(SIGKILL, to: vmPID)
            _ = await ProcessTable.waitForExit(of: vmPID, timeout: .seconds(5))
        }
        await stopPortMapper(for: node, logger: logger)
    }

    /// Returns the last lines of the startup output, shown under a start failure.
    private func startupFailureDetail() -> String? {
        let lines = FileSystem.lastLines(of: startupLogFile, count: 15) ?? ""
        return lines.isEmpty ? nil : "Last lines of \(startupLogFile):\n" + lines
    }

    /// Returns the RabbitMQ version in the startup banner, such as `3.10.8`.
    func bannerVersion() -> String? {
        guard let text = FileSystem.readTextIfPresent(startupLogFile) else { return nil }
        for line in text.split(separator: "\n") {
            guard let range = line.range(of: "RabbitMQ ") else { continue }
            let version = line[range.upperBound...].prefix { $0.isNumber || $0 == "." }
            if version.contains(".") { return String(version) }
        }
        return nil
    }

    /// Extracts the user names from the output of `rabbitmqctl list_users --formatter json`.
    static func userNames(inJSON text: String) -> Set<String> {
        guard let data = text.data(using: .utf8),
            let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else {
            return []
        }
        return Set(entries.compactMap { $0["user"] as? String })
    }

    /// 24 random letters and digits: about 143 bits, and safe in a URL without escaping.
    static func randomPassword() -> String {
        randomString(length: 24, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
    }

    /// 20 random capital letters, the form Erlang itself generates for cookies.
    static func randomCookie() -> String {
        randomString(length: 20, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    }

    private static func randomString(length: Int, alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
