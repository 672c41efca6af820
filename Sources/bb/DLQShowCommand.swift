internal import Bloodbank

/// `bb dlq show QUEUE`: dead letters with every failure header.
struct DLQShowCommand: Command {
    let name = "show"
    let abstract = "Show dead letters with their failure headers and properties."
    var discussion: String {
        """
        Prints the failure headers, properties and other headers of each dead letter. The \
        body is printed only with --body, because events may carry personal data. The \
        messages stay in the queue.
        """
    }

    static let limit = DLQCommand.limit(default: 10)
    static let body = CommandOption.flag("body", help: "Also print each message body as text.")
    var arguments: [CommandArgument] { [DLQCommand.queue] }
    var options: [CommandOption] { [Self.limit, DLQCommand.eventID, Self.body] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let queue = arguments.argument(DLQCommand.queue) ?? ""
        let limit = try arguments.integer(Self.limit, in: 1...100_000) ?? 10
        let requestedIDs = Set(arguments.values(DLQCommand.eventID).map { $0.lowercased() })
        let printBody = arguments.isSet(Self.body)
        return try await BusConnection.withClient(context) { (client: BloodbankClient) async throws -> Int32 in
            let browser = try await DLQBrowser.open(client, queue: queue)
            var printedCount = 0
            do {
                var index = 0
                while index < browser.messageCount, printedCount < limit, let message = try await browser.next() {
                    index += 1
                    if !requestedIDs.isEmpty, !requestedIDs.contains((message.properties.messageID ?? "").lowercased()) { continue }
                    printedCount += 1
                    if printedCount > 1 { context.print() }
                    for line in DeadLetterFormat.details(index, message, body: printBody) {
                        context.print(line)
                    }
                }
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
            if printedCount == 0 {
                context.standardError.write("no matching dead letters in \(browser.queue)\n")
            }
            return ExitStatus.success
        }
    }
}
