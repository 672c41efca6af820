internal import Bloodbank

/// `bb show TYPE`: the JSON Schema of an event type's payload and a generated example.
struct ShowCommand: Command {
    let name = "show"
    let abstract = "Print the JSON Schema of an event type's payload and an example payload."
    var discussion: String {
        """
        The schema (JSON Schema draft 2020-12) is generated from the Swift payload type, \
        with its field constraints, defaults and routing annotations. The example fills \
        every field with a value that passes validation; 'bb publish TYPE --example' \
        publishes it. TYPE is a name such as fireflies.transcript.ready, a template such \
        as agent.{agent_name}.message.received, or a routing key that a template \
        matches, such as agent.cack.message.received.
        """
    }

    static let eventType = CommandArgument.required("event-type", help: "The event type, as 'bb list-events' lists it.")
    static let json = CommandOption.flag("json", help: "Print one JSON object with the members 'schema' and 'example' instead of text.")

    var arguments: [CommandArgument] { [Self.eventType] }
    var options: [CommandOption] { [Self.json] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let registry = try BusConnection.registry()
        let entry = try SchemaCatalog.entry(arguments.argument(Self.eventType) ?? "", in: registry)
        let schema = try SchemaCatalog.schema(entry)
        let document = JSONSchema.document(for: schema)
        let example = PayloadExample.value(for: schema.payloadDescription)

        if arguments.isSet(Self.json) {
            context.print(try SchemaCatalog.compact(["event_type": .string(entry.eventType), "schema": document, "example": example]))
            return ExitStatus.success
        }
        var heading = entry.eventType
        if entry.routingKeyTemplate.hasFields { heading += "  (binds \(entry.bindingPattern))" }
        if entry.isLegacyName { heading += "  (legacy name)" }
        context.print(heading)
        context.print()
        context.print("JSON Schema:")
        context.print(try SchemaCatalog.indented(document))
        context.print()
        context.print("Example payload:")
        context.print(try SchemaCatalog.indented(example))
        return ExitStatus.success
    }
}
