internal import Bloodbank

/// `bb dlq list QUEUE`: one line per dead letter.
struct DLQListCommand: Command {
    let name = "list"
    let abstract = "List dead letters, one line each, oldest first."
    var discussion: String {
        """
        Each line shows: number, event id, original routing key, reason, attempts, last \
        failure time and the last error. The messages stay in the queue.
        """
    }

    static let limit = DLQCommand.limit(default: 1_000)
    var arguments: [CommandArgument] { [DLQCommand.queue] }
    var options: [CommandOption] { [Self.limit] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let queue = arguments.argument(DLQCommand.queue) ?? ""
        let limit = try arguments.integer(Self.limit, in: 1...100_000) ?? 1_000
        return try await BusConnection.withClient(context) { (client: BloodbankClient) async throws -> Int32 in
            let browser = try await DLQBrowser.open(client, queue: queue)
            var listed = 0
            do {
                while listed < min(limit, browser.messageCount), let message = try await browser.next() {
                    listed += 1
                    context.print(DeadLetterFormat.line(listed, message))
                }
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
            context.standardError.write("\(browser.messageCount) dead letters in \(browser.queue); listed \(listed)\n")
            return ExitStatus.success
        }
    }
}
