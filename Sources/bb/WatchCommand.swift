internal import AMQPClient
internal import Bloodbank
import Synchronization

/// `bb watch [PATTERN...]`: prints events as they arrive.
struct WatchCommand: Command {
    let name = "watch"
    let abstract = "Print events as they arrive, one line each."
    var discussion: String {
        """
        Binds a temporary queue to bloodbank.events.v1 with each pattern. The queue is \
        server-named, exclusive and deleted when bb exits, and it holds at most \
        \(SubscriptionOptions().temporaryQueueMaxLength) waiting events, dropping the oldest \
        beyond that. In a pattern, '*' matches one segment and '#' any \
        number, so 'fireflies.#' watches every fireflies event and 'agent.*.heartbeat' \
        every agent's heartbeat. Each line shows time, event type, event id, source, \
        the ids of causing events, and the payload's field names; --json prints each \
        whole envelope instead. Stop with Ctrl-C.
        """
    }

    static let patterns = CommandArgument.variadic("pattern", help: "Routing-key patterns to watch (default: '#', every event).")
    static let json = CommandOption.flag("json", help: "Print each whole envelope as one line of JSON.")
    static let count = CommandOption.value("count", valueName: "n", help: "Exit after this many events.")
    static let timeout = CommandOption.value("timeout", valueName: "seconds", help: "Stop when no event arrived for this long (default: wait forever); with --count, exit with status 1 if fewer events arrived.")

    var arguments: [CommandArgument] { [Self.patterns] }
    var options: [CommandOption] { [Self.json, Self.count, Self.timeout] }

    func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        var patterns = arguments.arguments(Self.patterns)
        if patterns.isEmpty { patterns = ["#"] }
        let limit = try arguments.integer(Self.count, in: 1...Int.max)
        let idleTimeout = try arguments.duration(Self.timeout, in: 0.1...86_400)
        let printJSON = arguments.isSet(Self.json)

        let client = try await BusConnection.connect(context)
        let subscription: Subscription
        do {
            subscription = try await client.subscribe(queue: .temporary, bindings: patterns, prefetch: 100)
        } catch {
            await client.close()
            throw error
        }
        context.standardError.write("watching \(patterns.joined(separator: " ")) on queue \(subscription.queue); press Ctrl-C to stop\n")

        let progress = WatchProgress()
        let signals = SignalHandler { _ in
            Task { await subscription.cancel() }
        }
        defer { signals.cancel() }

        let idleWatch = idleTimeout.map { timeout in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    if ContinuousClock.now - progress.lastEvent.withLock({ $0 }) > timeout {
                        await subscription.cancel()
                        return
                    }
                }
            }
        }
        defer { idleWatch?.cancel() }

        do {
            try await subscription.run { event in
                if printJSON {
                    let bytes = (try? event.envelope.encoded()) ?? []
                    context.print(String(decoding: bytes, as: UTF8.self))
                } else {
                    context.print(EventLine.format(event.envelope, routingKey: event.routingKey))
                }
                progress.lastEvent.withLock { $0 = .now }
                let total = progress.received.add(1, ordering: .relaxed).newValue
                if let limit, total >= limit {
                    await subscription.cancel()
                }
            }
        } catch {
            await client.close()
            throw error
        }
        await client.close()

        let total = progress.received.load(ordering: .relaxed)
        if let limit, total < limit, idleTimeout != nil {
            throw CommandLineError.failure("received \(total) of \(limit) events before no more arrived for \(arguments.value(Self.timeout) ?? "") s")
        }
        return ExitStatus.success
    }
}

/// The progress of `bb watch`, shared with its idle-timeout task.
private final class WatchProgress: Sendable {
    let received = Atomic<Int>(0)
    let lastEvent = Mutex<ContinuousClock.Instant>(.now)
}
