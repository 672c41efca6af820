/// `bb dlq`: the group of commands that inspect, replay and purge dead letters.
struct DLQCommand: CommandGroup {
    let name = "dlq"
    let abstract = "Inspect, replay or purge the dead letters of a subscription queue."

    var discussion: String {
        """
        A durable subscription moves an event to its dead-letter queue '<queue>.dlq' when \
        its payload is invalid or its handler failed on every retry. The dead letter keeps \
        the original body and properties (message_id included) and adds bloodbank- headers: \
        the reason (invalid, exhausted or permanent), attempts, the last error's type and \
        message, the first and last failure times, and the original exchange and routing key.

        QUEUE is the subscription queue, such as 'orders'; a name that already ends in \
        '.dlq' is used as given. 'list' and 'show' leave every message in place.
        """
    }

    var subcommands: [any Command] {
        [
            DLQListCommand(),
            DLQShowCommand(),
            DLQReplayCommand(),
            DLQPurgeCommand(),
        ]
    }

    /// The positional queue argument shared by every subcommand.
    static let queue = CommandArgument.required("queue", help: "The subscription queue, or its dead-letter queue ending in '.dlq'.")

    /// `--limit`, shared by `list`, `show` and `replay`.
    static func limit(default value: Int) -> CommandOption {
        CommandOption.value("limit", valueName: "n", help: "Handle at most this many dead letters, oldest first.", defaultValue: "\(value)")
    }

    /// `--id`, shared by `show` and `replay`.
    static let eventID = CommandOption.repeatable(
        "id", valueName: "event-id",
        help: "Only the dead letters with this message_id (the event id); may be given several times.")
}
