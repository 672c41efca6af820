internal import Bloodbank

/// `bb dlq purge QUEUE`: deletes every dead letter.
struct DLQPurgeCommand: Command {
    let name = "purge"
    let abstract = "Delete every dead letter of a queue."
    var discussion: String {
        "Deletes the ready messages of the dead-letter queue and prints how many there were. This cannot be undone."
    }

    var arguments: [CommandArgument] { [DLQCommand.queue] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let queue = arguments.argument(DLQCommand.queue) ?? ""
        return try await BusConnection.withClient(context) { (client: BloodbankClient) async throws -> Int32 in
            let browser = try await DLQBrowser.open(client, queue: queue)
            let purged = try await browser.channel.queuePurge(browser.queue)
            await browser.close()
            context.print("Purged \(purged) dead letters from \(browser.queue).")
            return ExitStatus.success
        }
    }
}
