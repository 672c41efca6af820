internal import AMQPClient

extension DevelopmentBroker {
    /// Runs `rabbitmqctl --node NAME ARGUMENTS` against `node` with the node's environment.
    ///
    /// - Parameter input: Text for the tool's standard input, used to pass passwords.
    func runControl(
        _ arguments: [String],
        node: BrokerNode,
        tools: RabbitMQTools,
        inheriting inherited: [String: String],
        input: String? = nil,
        timeout: Duration = .seconds(30),
        logger: Logger
    ) async throws(CommandLineError) -> ProcessLauncher.Output {
        let command = arguments.first { !$0.hasPrefix("-") } ?? ""
        logger.debug("running rabbitmqctl", metadata: ["broker.node": node.name, "rabbitmqctl.command": command])
        let output = try await ProcessLauncher.run(
            tools.control,
            ["--node", node.name] + arguments,
            environment: environment(for: node, inheriting: inherited),
            input: input,
            timeout: timeout)
        logger.trace(
            "rabbitmqctl finished",
            metadata: ["rabbitmqctl.command": command, "process.status": String(output.status)])
        return output
    }

    /// Runs `rabbitmqctl` like ``runControl(_:node:tools:inheriting:input:timeout:logger:)``
    /// and throws when it fails.
    ///
    /// - Throws: ``CommandLineError/failure(_:detail:)`` with the command name and the
    ///   tool's error output, which never contains the standard input.
    @discardableResult
    func requireControl(
        _ arguments: [String],
        node: BrokerNode,
        tools: RabbitMQTools,
        inheriting inherited: [String: String],
        input: String? = nil,
        timeout: Duration = .seconds(30),
        logger: Logger
    ) async throws(CommandLineError) -> ProcessLauncher.Output {
        let output = try await runControl(
            arguments, node: node, tools: tools, inheriting: inherited, input: input, timeout: timeout,
            logger: logger)
        guard output.succeeded else {
            let command = arguments.first { !$0.hasPrefix("-") } ?? ""
            let reason = output.timedOut ? "timed out" : "failed with exit status \(output.status)"
            let detail = (output.standardError + output.standardOutput).trimmingWhitespace()
            throw .failure("rabbitmqctl \(command) \(reason) on node \(node.name)", detail: detail)
        }
        return output
    }
}
