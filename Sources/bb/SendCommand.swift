internal import Bloodbank
import BloodbankCatalog
import Foundation

/// `bb send TYPE`: validates a command payload against its type and sends the command
/// to its worker queue, optionally waiting for the reply.
struct SendCommand: Command {
    let name = "send"
    let abstract = "Send a command to its worker queue and optionally wait for the result."
    var discussion: String {
        """
        The payload is read from --payload, --file, or standard input, and must decode \
        as the command type's payload ('bb list-events' lists the command types in its \
        Commands section). The command is published persistent and mandatory with \
        publisher confirms to bloodbank.commands.v1, after declaring its worker queue \
        bloodbank.commands.v1.<command-type>, so a command sent before any worker runs \
        waits there. Without --wait, bb prints the command id once the broker has \
        stored the command. With --wait, bb waits that long for the worker's reply and \
        prints the result as JSON; a failure, an expiry or no reply in time exits 1 \
        with the reason.
        """
    }

    static let commandType = CommandArgument.required("command-type", help: "The command type, such as github.pr.merge.")
    static let payload = CommandOption.value("payload", valueName: "json", help: "The payload as a JSON object.")
    static let file = CommandOption.value("file", valueName: "path", help: "Read the payload from this file.")
    static let wait = CommandOption.value("wait", valueName: "seconds", help: "Wait this long for the worker's reply and print the result.")
    static let ttl = CommandOption.value(
        "ttl", valueName: "seconds",
        help: "Time to live: a worker that receives the command later reports it expired instead of running it "
            + "(default with --wait: the --wait time; without: never expires).")
    static let commandID = CommandOption.value("command-id", valueName: "uuid", help: "Use this command id instead of a random UUIDv4; a worker runs an id only once within its idempotency window.")
    static let timeout = CommandOption.value("timeout", valueName: "seconds", help: "How long to wait for the broker's confirm.", defaultValue: "5")

    var arguments: [CommandArgument] { [Self.commandType] }
    var options: [CommandOption] { [Self.payload, Self.file, Self.wait, Self.ttl, Self.commandID, Self.timeout] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let wait = try arguments.duration(Self.wait, in: 0.001...86_400)
        let ttl = try arguments.duration(Self.ttl, in: 0.001...31_536_000)
        let timeout = try arguments.duration(Self.timeout, in: 0.001...3600) ?? .seconds(5)
        let id = try arguments.value(Self.commandID).map { text throws(CommandLineError) in
            guard let id = UUID(uuidString: text) else {
                throw .usage("invalid value '\(text)' for \(Self.commandID.displayName): expected a UUID such as 3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
            }
            return id
        } ?? UUID()

        let commandType = arguments.argument(Self.commandType) ?? ""
        let registry = try Self.registry()
        guard let entry = registry[commandType] else {
            throw CommandLineError.failure("unknown command type '\(commandType)'; 'bb list-events' lists the registered command types")
        }
        let text = try PayloadInput.read(payload: arguments.value(Self.payload), file: arguments.value(Self.file), context: context)
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw CommandLineError.failure("the payload is not valid JSON: \(error)")
        }
        let payload: JSONValue
        do {
            payload = try Self.normalize(entry.payloadType, json: json)
        } catch {
            throw CommandLineError.failure("the payload is invalid for \(commandType): \(error)")
        }

        let source = EventSource(host: BusConnection.hostName(), type: .manual, app: "bloodbank-cli")
        return try await BusConnection.withClient(context, source: source) { client in
            guard let wait else {
                try await client.send(
                    commandType: commandType, payload: payload, queueType: entry.queueType, id: id, timeToLive: ttl, timeout: timeout)
                context.print(id.uuidString.lowercased())
                return ExitStatus.success
            }
            let result = try await client.request(
                commandType: commandType, payload: payload, queueType: entry.queueType, id: id, timeout: wait, timeToLive: ttl)
            context.print(String(decoding: try result.serialized(), as: UTF8.self))
            return ExitStatus.success
        }
    }

    /// Returns the registry of the catalog's command types.
    static func registry() throws(CommandLineError) -> CommandRegistry {
        do {
            return try BloodbankCatalog.commandRegistry()
        } catch {
            throw .failure("the built-in command catalog is invalid: \(error)")
        }
    }

    /// Returns the payload and result fields of a command type, for `bb list-events`.
    static func fields(of type: any CommandPayload.Type) throws -> (payload: [FieldDescription], result: [FieldDescription]) {
        try describe(type)
    }

    private static func describe<C: CommandPayload>(_ type: C.Type) throws -> (payload: [FieldDescription], result: [FieldDescription]) {
        (try ValueDescription(describing: C.self).fields, try ValueDescription(describing: C.Result.self).fields)
    }

    /// Decodes `json` as the command type, so that defaults are filled in and every field
    /// is checked, and encodes it again.
    static func normalize<C: CommandPayload>(_ type: C.Type, json: JSONValue) throws -> JSONValue {
        // Decoding through an envelope reports errors with their path, such as `payload.number`.
        let envelope = EventEnvelope(eventType: C.commandType, source: EventSource(host: "bb", type: .manual), payload: json)
        return try JSONValueEncoder().encode(envelope.decodeCommand(C.self))
    }

}

extension CommandError: CommandLineReportable {
    var commandLineError: CommandLineError {
        switch code {
        case .connection:
            .unavailable(description)
        default:
            .failure(description)
        }
    }
}
