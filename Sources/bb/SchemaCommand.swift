/// `bb schema`: the group of commands that export and compare the event contracts.
struct SchemaCommand: CommandGroup {
    let name = "schema"
    let abstract = "Export the JSON Schemas and the AsyncAPI document, or compare two schema exports."

    var discussion: String {
        """
        Schemas are generated from the registered Swift payload types, so they always \
        match what Bloodbank validates. The repository keeps an export in schemas/; \
        'bb schema diff schemas NEW' tells whether a change breaks existing peers.
        """
    }

    var subcommands: [any Command] {
        [
            SchemaExportCommand(),
            SchemaAsyncAPICommand(),
            SchemaDiffCommand(),
        ]
    }
}
