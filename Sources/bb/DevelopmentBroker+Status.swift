#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import AMQPClient
import Foundation

extension DevelopmentBroker {
    /// The state of the node in the directory, as `bb broker status` reports it.
    struct Status: Sendable {
        /// The node last started in the directory, or `nil` when none was.
        let node: BrokerNode?
        /// The process id of the node's Erlang VM while it runs.
        let pid: pid_t?
        /// The RabbitMQ version that the running node reported.
        let version: String?
        /// The reason why the running node did not respond to `rabbitmqctl status`, if it did not.
        let problem: String?
        /// The URL from the URL file, with its password.
        let url: String?

        /// Whether the node's Erlang VM runs.
        var isRunning: Bool { pid != nil }
    }

    /// Reads the recorded node and pid file, and queries a running node for its version.
    ///
    /// `rabbitmqctl` runs only when the VM runs: with the node's `ERL_EPMD_PORT` and no epmd
    /// there, it would start an epmd of its own that nobody stops.
    func status(tools: RabbitMQTools, inheriting inherited: [String: String], logger: Logger) async -> Status {
        let url = FileSystem.readTextIfPresent(urlFile)?.trimmingWhitespace()
        guard let node = recordedNode() else {
            return Status(node: nil, pid: nil, version: nil, problem: nil, url: nil)
        }
        guard let pid = runningNodePID() else {
            return Status(node: node, pid: nil, version: nil, problem: nil, url: url)
        }

        let output: ProcessLauncher.Output
        do throws(CommandLineError) {
            output = try await runControl(
                ["--quiet", "status", "--formatter", "json"], node: node, tools: tools, inheriting: inherited,
                timeout: .seconds(20), logger: logger)
        } catch {
            return Status(node: node, pid: pid, version: nil, problem: error.message, url: url)
        }
        guard output.succeeded else {
            let reason = output.timedOut ? "rabbitmqctl status timed out" : "rabbitmqctl status failed"
            let firstLine = output.standardError.split(separator: "\n").first.map(String.init) ?? ""
            let problem = firstLine.isEmpty ? reason : reason + ": " + firstLine
            return Status(node: node, pid: pid, version: nil, problem: problem, url: url)
        }
        let version = Self.version(inStatusJSON: output.standardOutput)
        return Status(node: node, pid: pid, version: version, problem: nil, url: url)
    }

    /// Extracts the `rabbitmq_version` field from `rabbitmqctl status --formatter json`.
    static func version(inStatusJSON text: String) -> String? {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            return nil
        }
        return object["rabbitmq_version"] as? String
    }
}
