internal import AMQPClient
internal import Bloodbank
import BloodbankCatalog
import Synchronization

/// `bb bridge legacy-commands`: executes the Python services' `command.<agent>.<action>`
/// envelopes with Bloodbank command workers, until SIGINT or SIGTERM.
struct BridgeLegacyCommandsCommand: Command {
    let name = "legacy-commands"
    let abstract = "Run legacy command.<agent>.<action> envelopes on Bloodbank workers and reply as the Python services expect."
    var discussion: String {
        """
        Consumes a durable queue bound to command.# on bloodbank.events.v1. Replies \
        (command.<agent>.<action>.ack, .result and .error), which command.# matches \
        too, are skipped. Each command envelope's <agent>.<action> is mapped to a \
        command type: first by --map, then by the catalog's defaults \
        (\(Self.describeDefaults())), then to <agent>.<action> itself when that is a \
        registered command type. The command is sent to its worker queue with the \
        legacy command_id as command id and the remaining ttl_ms as time to live. The \
        bridge replies .ack once the command is queued, then .result (outcome success, \
        result_payload) or .error (error_code, error_message, retryable): ttl_expired \
        when ttl_ms ran out, not_implemented when nothing is mapped, timeout when no \
        worker replied in time. A repeated idempotency_key of the same agent and action \
        within --idempotency-window is not run again: it gets a .result with outcome \
        skipped and the first result_payload, or the first .error when that error was \
        not retryable. Stop with Ctrl-C or SIGTERM: running commands get --grace seconds \
        to finish.
        """
    }

    static let map = CommandOption.repeatable(
        "map", valueName: "agent.action=command-type",
        help: "Map legacy <agent>.<action> to a command type, such as github.merge=github.pr.merge.")
    static let queue = CommandOption.value(
        "queue", valueName: "name", help: "The bridge's durable queue.", defaultValue: LegacyCommandBridge.Configuration.defaultQueue)
    static let agent = CommandOption.repeatable(
        "agent", valueName: "name", help: "Execute only the commands of this agent, binding command.<name>.# instead of command.#.")
    static let prefetch = CommandOption.value("prefetch", valueName: "n", help: "The maximum number of legacy commands handled at once.", defaultValue: "16")
    static let timeout = CommandOption.value(
        "timeout", valueName: "seconds", help: "How long to wait for the result of a command whose ttl_ms is 0 (never expires).", defaultValue: "300")
    static let idempotencyWindow = CommandOption.value(
        "idempotency-window", valueName: "seconds", help: "How long an idempotency_key is remembered.", defaultValue: "300")
    static let grace = CommandOption.value(
        "grace", valueName: "seconds", help: "How long running commands may take to finish after SIGINT or SIGTERM.", defaultValue: "30")

    var options: [CommandOption] { [Self.map, Self.agent, Self.queue, Self.prefetch, Self.timeout, Self.idempotencyWindow, Self.grace] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let prefetch = try arguments.integer(Self.prefetch, in: 1...Int(UInt16.max)) ?? 16
        let timeout = try arguments.duration(Self.timeout, in: 0.001...86_400) ?? .seconds(300)
        let window = try arguments.duration(Self.idempotencyWindow, in: 0.001...86_400) ?? .seconds(300)
        let grace = try arguments.duration(Self.grace, in: 0...3600) ?? .seconds(30)
        let table = try Self.mappingTable(arguments.values(Self.map))
        let mapping: LegacyCommandMapping
        do {
            mapping = try LegacyCommandMapping(table: table, registry: try SendCommand.registry())
        } catch let error as CommandError {
            throw CommandLineError.usage("invalid --map target: \(error.description)")
        }
        let configuration = LegacyCommandBridge.Configuration(
            mapping: mapping,
            queue: arguments.value(Self.queue) ?? LegacyCommandBridge.Configuration.defaultQueue,
            agents: arguments.values(Self.agent),
            prefetch: UInt16(prefetch),
            idempotencyWindow: window,
            timeoutWithoutTimeToLive: timeout
        )

        let source = EventSource(host: BusConnection.hostName(), type: .service, app: "bloodbank-legacy-bridge")
        let client = try await BusConnection.connect(context, source: source)
        let bridge: LegacyCommandBridge
        do {
            bridge = try await LegacyCommandBridge.start(client: client, configuration: configuration)
        } catch {
            await client.close()
            throw error
        }
        let mapped = table.keys.sorted().map { "\($0)=\(table[$0] ?? "")" }.joined(separator: ", ")
        context.standardError.write(
            "bridging legacy commands from queue \(configuration.queue) (\(configuration.bindings.joined(separator: ", ")) on \(Topology.eventsExchange))"
                + (mapped.isEmpty ? "" : "; mapped: \(mapped)") + "; press Ctrl-C to stop\n")

        let stopping = Atomic<Bool>(false)
        let signals = SignalHandler { _ in
            guard !stopping.exchange(true, ordering: .relaxed) else { return }
            Task { await bridge.stop(timeout: grace) }
        }
        defer { signals.cancel() }

        do {
            try await bridge.wait()
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        return ExitStatus.success
    }

    /// Builds the mapping table from the catalog's defaults and `--map` values.
    static func mappingTable(_ values: [String]) throws(CommandLineError) -> [String: String] {
        var table = BloodbankCatalog.legacyCommandMappings
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0].contains(".") else {
                throw .usage("invalid value '\(value)' for \(map.displayName): expected <agent>.<action>=<command-type>, such as github.merge=github.pr.merge")
            }
            table[parts[0]] = parts[1]
        }
        return table
    }

    private static func describeDefaults() -> String {
        BloodbankCatalog.legacyCommandMappings.keys.sorted()
            .map { "\($0) to \(BloodbankCatalog.legacyCommandMappings[$0] ?? "")" }
            .joined(separator: ", ")
    }
}
