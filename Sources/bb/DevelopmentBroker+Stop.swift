#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import AMQPClient

extension DevelopmentBroker {
    /// The outcome of ``stop(timeout:tools:inheriting:logger:)``.
    enum StopResult: Sendable {
        /// No node was ever started in the directory.
        case neverStarted
        /// The node was not running.
        case notRunning(BrokerNode)
        /// The node ran and has stopped.
        case stopped(BrokerNode)
    }

    /// Stops the node with `rabbitmqctl stop` and waits for its Erlang VM to exit, then ends
    /// the epmd that `start` started, identified by its recorded process id.
    ///
    /// When `rabbitmqctl` fails or the VM outlives `timeout`, the VM (identified by its pid
    /// file and command line) gets `SIGTERM`, then `SIGKILL` 10 s later.
    ///
    /// - Throws: ``CommandLineError`` when the VM still runs after `SIGKILL`.
    func stop(
        timeout: Duration,
        tools: RabbitMQTools,
        inheriting inherited: [String: String],
        logger: Logger
    ) async throws(CommandLineError) -> StopResult {
        guard let node = recordedNode() else {
            return .neverStarted
        }
        guard let pid = runningNodePID() else {
            await stopPortMapper(for: node, logger: logger)
            return .notRunning(node)
        }

        // Without a pid file argument, because with one rabbitmqctl 3.10 waits for that
        // process to end even when it cannot reach the node (a cookie mismatch, say).
        let output = try await runControl(
            ["stop"], node: node, tools: tools, inheriting: inherited, timeout: timeout, logger: logger)
        var exited = await ProcessTable.waitForExit(of: pid, timeout: output.succeeded ? timeout : .seconds(1))
        if !exited {
            logger.warning(
                "rabbitmqctl stop did not end the node; sending SIGTERM, then SIGKILL after 10 s",
                metadata: ["broker.node": node.name, "process.pid": String(pid)])
            exited = await ProcessTable.terminate(pid, gracePeriod: .seconds(10))
        }
        guard exited else {
            throw .failure("the RabbitMQ node \(node.name) (process \(pid)) is still running after SIGKILL")
        }
        FileSystem.removeFile(pidFile)
        await stopPortMapper(for: node, logger: logger)
        return .stopped(node)
    }

    /// Ends the epmd recorded in ``epmdPIDFile``, if it still runs with this node's port.
    /// An epmd that `start` found already listening was never recorded and is left alone.
    func stopPortMapper(for node: BrokerNode, logger: Logger) async {
        guard let pid = ProcessTable.readPID(from: epmdPIDFile) else { return }
        if ProcessTable.isRunning(pid, commandLineContaining: ["epmd", String(node.epmdPort)]) {
            _ = await ProcessTable.terminate(pid, gracePeriod: .seconds(5))
            logger.debug("stopped epmd", metadata: ["epmd.port": String(node.epmdPort), "process.pid": String(pid)])
        }
        FileSystem.removeFile(epmdPIDFile)
    }
}
