internal import Bloodbank

/// `bb list-events`: every registered event type with its payload fields.
struct ListEventsCommand: Command {
    let name = "list-events"
    let abstract = "List every registered event type with its payload fields."
    var discussion: String {
        """
        Fields are shown as 'name type', with '?' after fields that may be absent or \
        null. Types: string, int, number, bool, datetime (RFC 3339), uuid, a|b|c for \
        enumerations, [T] for arrays, {} for free-form objects, and a type name for \
        nested objects, whose fields follow indented. Legacy names predate the naming \
        rule and are kept so that existing publishers keep working. A name with a \
        {field} segment, such as agent.{agent_name}.message.received, is a routing-key \
        template: the segment is filled from that payload field when the event is \
        published, and consumers bind the pattern shown after it. 'bb show TYPE' prints \
        a type's JSON Schema and an example payload.
        """
    }

    static let json = CommandOption.flag("json", help: "Print a JSON array with one object per event type, each with its JSON Schema, instead of text.")

    var options: [CommandOption] { [Self.json] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let registry = try BusConnection.registry()
        let schemas = try SchemaCatalog.schemas(registry)

        if arguments.isSet(Self.json) {
            let array = JSONValue.array(schemas.map(Self.json(for:)))
            let bytes = try array.serialized()
            context.print(String(decoding: bytes, as: UTF8.self))
            return ExitStatus.success
        }

        for (index, schema) in schemas.enumerated() {
            if index > 0 { context.print() }
            var heading = schema.eventType
            if schema.routingKeyTemplate.hasFields { heading += "  (binds \(schema.routingKeyTemplate.bindingPattern))" }
            if schema.isLegacyName { heading += "  (legacy name)" }
            context.print(heading)
            Self.printFields(schema.fields, indent: "  ", context: context)
        }
        try Self.printCommands(context: context)
        return ExitStatus.success
    }

    /// Prints the Commands section: each command type with its worker queue, its
    /// payload fields and its result fields.
    private static func printCommands(context: CommandContext) throws {
        context.print()
        context.print("Commands (send with 'bb send TYPE'; workers publish TYPE.accepted, .completed, .failed and .expired)")
        for entry in try SendCommand.registry().entries {
            context.print()
            context.print("\(entry.commandType)  (queue \(entry.queue), \(entry.queueType.rawValue))")
            let fields = try SendCommand.fields(of: entry.payloadType)
            printFields(fields.payload, indent: "  ", context: context)
            context.print("  result:")
            printFields(fields.result, indent: "    ", context: context)
        }
    }

    private static func printFields(_ fields: [FieldDescription], indent: String, context: CommandContext) {
        for field in fields {
            context.print(indent + field.notation)
            let nested = field.value.type == .array ? (field.value.element?.fields ?? []) : field.value.fields
            if !nested.isEmpty {
                printFields(nested, indent: indent + "  ", context: context)
            }
        }
    }

    static func json(for schema: PayloadSchema) -> JSONValue {
        var object = JSONObject()
        object["event_type"] = .string(schema.eventType)
        object["legacy_name"] = .bool(schema.isLegacyName)
        object["binding"] = .string(schema.routingKeyTemplate.bindingPattern)
        object["routing_key_fields"] = .array(schema.routingKeyTemplate.fieldNames.map(JSONValue.string))
        object["swift_type"] = .string(schema.swiftType)
        object["fields"] = .array(schema.fields.map(json(for:)))
        object["schema"] = JSONSchema.document(for: schema)
        return .object(object)
    }

    private static func json(for field: FieldDescription) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(field.name)
        object["optional"] = .bool(field.isOptional)
        object["type"] = json(for: field.value)
        if let defaultValue = field.defaultValue {
            object["default"] = defaultValue
        }
        return .object(object)
    }

    private static func json(for value: ValueDescription) -> JSONValue {
        var object = JSONObject()
        object["json_type"] = .string(value.type.rawValue)
        object["swift_type"] = .string(value.swiftType)
        if !value.enumValues.isEmpty {
            object["enum"] = .array(value.enumValues.map { .string($0) })
        }
        if !value.fields.isEmpty {
            object["fields"] = .array(value.fields.map(json(for:)))
        }
        if let element = value.element {
            object["items"] = json(for: element)
        }
        return .object(object)
    }
}
