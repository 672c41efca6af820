internal import Bloodbank
import Foundation

/// `bb publish TYPE`: validates a payload against its type, wraps it in an envelope and
/// publishes it with confirms.
struct PublishCommand: Command {
    let name = "publish"
    let abstract = "Validate a payload, wrap it in an envelope and publish it."
    var discussion: String {
        """
        The payload is read from --payload, --file, or standard input, or generated with \
        --example, and must decode as the event type's payload: every field that does \
        not match is reported with its path, and nothing is published. For a type whose \
        name is a routing-key template, such as agent.{agent_name}.message.received, the \
        routing key is filled from the payload; the event type may also be given as a \
        concrete key such as agent.cack.message.received, which must then match the payload. The event is \
        published persistent, mandatory and with publisher confirms, so 'bb publish' \
        fails when no queue is bound for the event type. On success the event id is \
        printed. With --envelope, a whole envelope is published as given, byte for byte.
        """
    }

    static let eventType = CommandArgument.optional("event-type", help: "The event type, such as fireflies.transcript.ready (see 'bb list-events'). Not used with --envelope.")
    static let payload = CommandOption.value("payload", valueName: "json", help: "The payload as a JSON object.")
    static let file = CommandOption.value("file", valueName: "path", help: "Read the payload from this file.")
    static let example = CommandOption.flag("example", help: "Use a generated example payload that passes validation, as 'bb show' prints it.")
    static let envelope = CommandOption.value("envelope", valueName: "path", help: "Publish the envelope in this file as given, with its event type as routing key.")
    static let dryRun = CommandOption.flag("dry-run", help: "Print the envelope that would be published instead of publishing it.")
    static let correlationID = CommandOption.repeatable("correlation-id", valueName: "uuid", help: "Add the id of an event that caused this one.")
    static let eventID = CommandOption.value("event-id", valueName: "uuid", help: "Use this event id instead of a random UUIDv4.")
    static let sourceApp = CommandOption.value("source-app", valueName: "name", help: "Set source.app.", defaultValue: "bloodbank-cli")
    static let sourceType = CommandOption.value("source-type", valueName: "type", help: "Set source.type: manual, agent, scheduled, heartbeat, file_watch, hook, webhook or service.", defaultValue: "manual")
    static let sourceHost = CommandOption.value("source-host", valueName: "host", help: "Set source.host (default: this machine's host name).")
    static let timeout = CommandOption.value("timeout", valueName: "seconds", help: "How long to wait for the broker's confirm.", defaultValue: "5")

    var arguments: [CommandArgument] { [Self.eventType] }
    var options: [CommandOption] {
        [Self.payload, Self.file, Self.example, Self.envelope, Self.dryRun, Self.correlationID, Self.eventID,
         Self.sourceApp, Self.sourceType, Self.sourceHost, Self.timeout]
    }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let timeout = try arguments.duration(Self.timeout, in: 0.001...3600) ?? .seconds(5)
        if let path = arguments.value(Self.envelope) {
            guard arguments.argument(Self.eventType) == nil, arguments.value(Self.payload) == nil, arguments.value(Self.file) == nil else {
                throw CommandLineError.usage("--envelope publishes a whole envelope; leave out the event type, --payload and --file")
            }
            return try await publishEnvelope(at: context.absolutePath(path), dryRun: arguments.isSet(Self.dryRun), timeout: timeout, context: context)
        }

        guard let eventType = arguments.argument(Self.eventType) else {
            throw CommandLineError.usage("missing the event type, such as fireflies.transcript.ready; 'bb list-events' lists them")
        }
        let registry = try BusConnection.registry()
        let entry = try SchemaCatalog.entry(eventType, in: registry)
        let payloadType = entry.payloadType

        let json: JSONValue
        if arguments.isSet(Self.example) {
            guard arguments.value(Self.payload) == nil, arguments.value(Self.file) == nil else {
                throw CommandLineError.usage("--example generates the payload; leave out --payload and --file")
            }
            var example = PayloadExample.value(for: try SchemaCatalog.schema(entry).payloadDescription)
            // A concrete routing key such as agent.cack.status supplies its template fields.
            if case .object(var object) = example, let values = entry.routingKeyTemplate.match(eventType) {
                for (field, value) in values { object[field] = .string(value) }
                example = .object(object)
            }
            json = example
        } else {
            let text = try PayloadInput.read(payload: arguments.value(Self.payload), file: arguments.value(Self.file), context: context)
            do {
                json = try JSONValue.parse(text)
            } catch {
                throw CommandLineError.failure("the payload is not valid JSON: \(error)")
            }
        }
        let source = try makeSource(arguments)
        let correlationIDs = try arguments.values(Self.correlationID).map { text throws(CommandLineError) in
            try Self.uuid(text, option: Self.correlationID)
        }
        let eventID = try arguments.value(Self.eventID).map { text throws(CommandLineError) in try Self.uuid(text, option: Self.eventID) } ?? UUID()

        let envelope: EventEnvelope
        do {
            envelope = try Self.makeEnvelope(payloadType, json: json, source: source, correlationIDs: correlationIDs, eventID: eventID)
        } catch let error as ValidationError {
            throw CommandLineError.failure(
                "the payload is invalid for \(entry.eventType): \(error.issues.count == 1 ? "1 error" : "\(error.issues.count) errors")",
                detail: error.issues.map { "  \($0)" }.joined(separator: "\n")
            )
        } catch {
            throw CommandLineError.failure("the payload is invalid for \(entry.eventType): \(error)")
        }
        if entry.routingKeyTemplate.hasFields, eventType != entry.eventType, eventType != envelope.eventType {
            throw CommandLineError.failure(
                "the routing key '\(eventType)' does not match the payload, which gives '\(envelope.eventType)'; give the template \(entry.eventType) or the matching key"
            )
        }

        if arguments.isSet(Self.dryRun) {
            context.print(String(decoding: try envelope.encoded(), as: UTF8.self))
            return ExitStatus.success
        }
        try await BusConnection.withClient(context) { client in
            try await client.publisher.publish(envelope, timeout: timeout)
        }
        context.print(envelope.eventID.uuidString.lowercased())
        return ExitStatus.success
    }

    /// Validates and decodes `json` as the payload type, so that every invalid field is
    /// reported and defaults are filled in, and wraps the result in an envelope.
    ///
    /// - Throws: ``ValidationError`` listing every invalid field, or ``EnvelopeError``
    ///   when the payload cannot be encoded or cannot fill its routing-key template.
    static func makeEnvelope<P: EventPayload>(
        _ type: P.Type,
        json: JSONValue,
        source: EventSource,
        correlationIDs: [UUID],
        eventID: UUID
    ) throws -> EventEnvelope {
        // Decoding through an envelope reports errors with their path, such as `payload.tags[0]`.
        let received = EventEnvelope(eventID: eventID, eventType: P.eventType, source: source, payload: json)
        let payload = try received.validatedPayload(P.self)
        return try EventEnvelope(payload: payload, source: source, correlationIDs: correlationIDs, eventID: eventID)
    }

    private func publishEnvelope(at path: String, dryRun: Bool, timeout: Duration, context: CommandContext) async throws -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandLineError.failure("cannot read the envelope file \(path)")
        }
        let bytes = [UInt8](data)
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.decode(bytes)
        } catch {
            throw CommandLineError.failure("the envelope in \(path) is invalid: \(error)")
        }
        do {
            try EventName.validate(envelope.eventType)
        } catch {
            let registry = try BusConnection.registry()
            guard registry.entries.contains(where: { $0.eventType == envelope.eventType && $0.isLegacyName }) else {
                throw CommandLineError.failure("the envelope's event_type is invalid: \(error)")
            }
        }
        if dryRun {
            context.print(String(decoding: bytes, as: UTF8.self))
            return ExitStatus.success
        }
        try await BusConnection.withClient(context) { client in
            try await client.publisher.publish(
                body: bytes,
                routingKey: envelope.eventType,
                eventID: envelope.eventID.uuidString.lowercased(),
                timeout: timeout
            )
        }
        context.print(envelope.eventID.uuidString.lowercased())
        return ExitStatus.success
    }


    private func makeSource(_ arguments: ParsedArguments) throws(CommandLineError) -> EventSource {
        let typeName = arguments.value(Self.sourceType) ?? "manual"
        let type = TriggerType(rawValue: typeName)
        if case .other = type {
            throw .usage("invalid --source-type '\(typeName)': expected manual, agent, scheduled, heartbeat, file_watch, hook, webhook or service")
        }
        return EventSource(
            host: arguments.value(Self.sourceHost) ?? BusConnection.hostName(),
            type: type,
            app: arguments.value(Self.sourceApp)
        )
    }

    private static func uuid(_ text: String, option: CommandOption) throws(CommandLineError) -> UUID {
        guard let uuid = UUID(uuidString: text) else {
            throw .usage("invalid value '\(text)' for \(option.displayName): expected a UUID such as 3f2c8a4e-9d1b-4c6e-8a7f-2b5d9e0c1a34")
        }
        return uuid
    }
}
