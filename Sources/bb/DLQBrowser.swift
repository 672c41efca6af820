internal import AMQPClient
internal import AMQPWire
internal import Bloodbank

/// Reads a dead-letter queue without removing messages: each `basic.get` leaves its message
/// unacknowledged, and closing the channel returns every message not acknowledged to the
/// queue in its original position.
struct DLQBrowser {
    let channel: AMQPChannel
    /// The dead-letter queue's name.
    let queue: String
    /// Ready messages when the browser opened.
    let messageCount: Int

    /// Opens a channel and checks that the dead-letter queue of `queue` exists.
    static func open(_ client: BloodbankClient, queue argument: String) async throws -> DLQBrowser {
        let queue = deadLetterQueueName(argument)
        do {
            let channel = try await client.connection.openChannel()
            let declared = try await channel.queueDeclare(queue, passive: true)
            return DLQBrowser(channel: channel, queue: queue, messageCount: Int(declared.messageCount))
        } catch {
            guard error.replyCode == 404 else { throw error }
            throw CommandLineError.failure("queue '\(queue)' does not exist; pass a durable subscription queue that has dead-lettered events")
        }
    }

    /// Returns the dead-letter queue for a command-line QUEUE argument.
    static func deadLetterQueueName(_ argument: String) -> String {
        argument.hasSuffix(".dlq") ? argument : RetryTopology.deadLetterQueueName(queue: argument)
    }

    /// Takes the next message, unacknowledged, or nil when the queue is empty.
    func next() async throws -> AMQPMessage? {
        try await channel.basicGet(queue: queue, noAck: false)
    }

    /// Returns every message taken and not acknowledged to the queue.
    func close() async {
        await channel.close()
    }
}

/// The printed forms of a dead letter.
enum DeadLetterFormat {
    /// Formats one line: number, event id, original routing key, reason, attempts, last failure, error.
    static func line(_ index: Int, _ message: AMQPMessage) -> String {
        let record = FailureRecord(headers: message.properties.headers)
        var error = record.errorType ?? ""
        if let text = record.errorMessage {
            error += error.isEmpty ? text : ": " + text
        }
        var columns: [String] = []
        columns.append(String(index))
        columns.append(message.properties.messageID ?? "-")
        columns.append(record.originalRoutingKey ?? "-")
        columns.append(record.reason?.rawValue ?? "-")
        columns.append("attempts=" + String(record.attempts))
        columns.append(record.lastFailure?.rfc3339String ?? "-")
        columns.append(error.isEmpty ? "-" : error)
        return columns.joined(separator: "  ")
    }

    /// Several lines with every failure header and property; the body only when asked.
    static func details(_ index: Int, _ message: AMQPMessage, body: Bool) -> [String] {
        let record = FailureRecord(headers: message.properties.headers)
        let properties = message.properties
        var exchange = record.originalExchange ?? "-"
        if exchange.isEmpty { exchange = "(default)" }
        var lines: [String] = []
        lines.append("dead letter " + String(index))
        lines.append("  message_id:        " + (properties.messageID ?? "-"))
        lines.append("  reason:            " + (record.reason?.rawValue ?? "-"))
        lines.append("  attempts:          " + String(record.attempts) + " (" + String(record.delayedRetries) + " delayed retries)")
        lines.append("  error type:        " + (record.errorType ?? "-"))
        lines.append("  error message:     " + (record.errorMessage ?? "-"))
        lines.append("  first failure:     " + (record.firstFailure?.rfc3339String ?? "-"))
        lines.append("  last failure:      " + (record.lastFailure?.rfc3339String ?? "-"))
        lines.append("  original exchange: " + exchange)
        lines.append("  original key:      " + (record.originalRoutingKey ?? "-"))
        lines.append("  queue:             " + (record.queue ?? "-"))
        lines.append("  content type:      " + (properties.contentType ?? "-"))
        lines.append("  body size:         " + String(message.body.count) + " bytes")
        var other = properties.headers ?? AMQPFieldTable()
        FailureRecord.removeAll(from: &other)
        for entry in other.entries {
            lines.append("  header " + entry.key + ": " + describe(entry.value))
        }
        if body {
            lines.append("  body:")
            lines.append(String(decoding: message.body, as: UTF8.self))
        }
        return lines
    }

    private static func describe(_ value: AMQPFieldValue) -> String {
        if let text = value.stringValue { return text }
        return String(describing: value)
    }
}
