internal import AMQPClient
internal import AMQPWire
internal import Bloodbank

/// `bb dlq replay QUEUE`: publishes dead letters again to their original routing key.
struct DLQReplayCommand: Command {
    let name = "replay"
    let abstract = "Publish dead letters again to their original routing key, keeping their event ids."
    var discussion: String {
        """
        Each dead letter is published to its original exchange (bloodbank.events.v1 for \
        events) with its original routing key, body and properties, message_id included, \
        and without the bloodbank- failure headers, so it starts a new retry ladder. Every \
        queue bound to that routing key receives it again, not only QUEUE: consumers with \
        de-duplication skip an event they handled before. A dead letter is removed only \
        after the broker confirmed its replay; one that cannot be routed stays. Only the \
        dead letters present when the command starts are replayed, so one that fails again \
        is not replayed twice. Fix the handler before replaying.
        """
    }

    static let limit = DLQCommand.limit(default: 100_000)
    static let dryRun = CommandOption.flag("dry-run", help: "Print what would be replayed and leave every dead letter in place.")
    var arguments: [CommandArgument] { [DLQCommand.queue] }
    var options: [CommandOption] { [Self.limit, DLQCommand.eventID, Self.dryRun] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let queue = arguments.argument(DLQCommand.queue) ?? ""
        let limit = try arguments.integer(Self.limit, in: 1...1_000_000) ?? 100_000
        let wanted = Set(arguments.values(DLQCommand.eventID).map { $0.lowercased() })
        let dryRun = arguments.isSet(Self.dryRun)
        return try await BusConnection.withClient(context) { (client: BloodbankClient) async throws -> Int32 in
            let browser = try await DLQBrowser.open(client, queue: queue)
            let tally: ReplayTally
            do {
                try await browser.channel.confirmSelect()
                tally = try await replay(browser, limit: limit, wanted: wanted, dryRun: dryRun, context: context)
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
            let verb = dryRun ? "Would replay" : "Replayed"
            context.print("\(verb) \(tally.replayed) of \(browser.messageCount) dead letters from \(browser.queue).")
            guard tally.failed == 0 else {
                throw CommandLineError.failure("\(tally.failed) dead letters could not be replayed and stay in \(browser.queue)")
            }
            return ExitStatus.success
        }
    }

    private struct ReplayTally {
        var replayed = 0
        var failed = 0
    }

    private func replay(
        _ browser: DLQBrowser,
        limit: Int,
        wanted: Set<String>,
        dryRun: Bool,
        context: CommandContext
    ) async throws -> ReplayTally {
        var tally = ReplayTally()
        var index = 0
        while index < browser.messageCount, tally.replayed < limit, let message = try await browser.next() {
            index += 1
            let eventID = message.properties.messageID ?? "-"
            if !wanted.isEmpty, !wanted.contains(eventID.lowercased()) { continue }
            let record = FailureRecord(headers: message.properties.headers)
            guard let routingKey = record.originalRoutingKey else {
                context.standardError.write("skipped dead letter \(index) (\(eventID)): it has no \(FailureRecord.Header.originalRoutingKey) header\n")
                tally.failed += 1
                continue
            }
            let exchange = record.originalExchange ?? Topology.eventsExchange
            let target = exchange.isEmpty ? "queue \(routingKey)" : "\(exchange) \(routingKey)"
            if dryRun {
                context.print("would replay \(eventID) to \(target)")
                tally.replayed += 1
                continue
            }
            var properties = message.properties
            var headers = properties.headers ?? AMQPFieldTable()
            FailureRecord.removeAll(from: &headers)
            properties.headers = headers.isEmpty ? nil : headers
            let outcome = try await browser.channel.basicPublish(
                exchange: exchange,
                routingKey: routingKey,
                body: message.body,
                properties: properties,
                mandatory: true,
                timeout: Topology.defaultPublishTimeout
            )
            switch outcome {
            case .acked, .sent:
                try await message.ack()
                context.print("replayed \(eventID) to \(target)")
                tally.replayed += 1
            case .nacked:
                context.standardError.write("the broker rejected the replay of \(eventID) (basic.nack); it stays in \(browser.queue)\n")
                tally.failed += 1
            case .returned:
                context.standardError.write("no queue is bound for \(target), so \(eventID) stays in \(browser.queue)\n")
                tally.failed += 1
            }
        }
        return tally
    }
}
