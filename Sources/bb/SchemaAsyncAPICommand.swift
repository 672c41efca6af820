internal import Bloodbank

/// `bb schema asyncapi`: the AsyncAPI 3.0 document of the whole catalog.
struct SchemaAsyncAPICommand: Command {
    let name = "asyncapi"
    let abstract = "Print the AsyncAPI 3.0 document of every event type, as JSON."
    var discussion: String {
        """
        The document has a channel per event type on \(Topology.eventsExchange) (a \
        durable topic exchange, the routing key as address) and a command channel on \
        \(Topology.commandsExchange), with AMQP bindings, the envelope schema and every \
        payload schema under components.
        """
    }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let schemas = try SchemaCatalog.schemas(try BusConnection.registry())
        let document = AsyncAPIDocument.document(events: schemas, version: BBCommand.version)
        context.print(try SchemaCatalog.indented(document))
        return ExitStatus.success
    }
}
