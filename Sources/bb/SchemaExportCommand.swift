internal import Bloodbank

/// `bb schema export DIR`: one JSON Schema file per event type.
struct SchemaExportCommand: Command {
    let name = "export"
    let abstract = "Write the JSON Schema of every event type to DIR/<event_type>.json."
    var discussion: String {
        """
        Each file is a JSON Schema draft 2020-12 document with two-space indentation and \
        a generated example under 'examples'. Files of types that are no longer \
        registered are left in place; delete the directory first for a clean export.
        """
    }

    static let directory = CommandArgument.required("dir", help: "The directory to write to; created when missing.")

    var arguments: [CommandArgument] { [Self.directory] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let directory = context.absolutePath(arguments.argument(Self.directory) ?? ".")
        try FileSystem.createDirectory(directory, permissions: 0o755)
        let schemas = try SchemaCatalog.schemas(try BusConnection.registry())
        for schema in schemas {
            let path = directory + "/" + schema.eventType + ".json"
            let text = try SchemaCatalog.indented(JSONSchema.document(for: schema))
            try FileSystem.writeText(text + "\n", to: path, permissions: 0o644)
        }
        context.print("Wrote \(schemas.count) schemas to \(directory).")
        return ExitStatus.success
    }
}
