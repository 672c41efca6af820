public import AMQPWire

/// The failure history that Bloodbank carries in a message's headers while it is retried,
/// and leaves on it in the dead-letter queue.
///
/// Bloodbank writes its own `bloodbank-` headers instead of reading RabbitMQ's `x-death`:
/// RabbitMQ 4 ignores `x-` headers that clients set, and `x-death` counts dead-lettering
/// events per queue, not handler attempts. Every header is optional when reading, so a
/// message that never failed reads as a record with zero attempts.
public struct FailureRecord: Sendable, Hashable {
    /// The reason a message was dead-lettered.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The body is not a valid envelope, or its payload does not decode as the
        /// subscription's type; it was never retried.
        case invalid
        /// The handler failed on every attempt that the retry policy allows.
        case exhausted
        /// The handler threw ``PermanentFailure``, which skips the remaining retries.
        case permanent
    }

    /// Header names, all starting with `bloodbank-`.
    public enum Header {
        /// Handler attempts so far, an integer.
        public static let attempts = "bloodbank-attempts"
        /// Delayed redeliveries so far, an integer; selects the next delay queue.
        public static let delayedRetries = "bloodbank-delayed-retries"
        /// The ``Reason`` a message was dead-lettered, on dead letters only.
        public static let reason = "bloodbank-reason"
        /// The Swift type of the last error, such as `Billing.PaymentError`, or `timeout`.
        public static let errorType = "bloodbank-error-type"
        /// The last error's description, at most ``FailureRecord/maximumMessageBytes`` bytes.
        public static let errorMessage = "bloodbank-error-message"
        /// When the first attempt failed, RFC 3339 in UTC.
        public static let firstFailure = "bloodbank-first-failure"
        /// When the last attempt failed, RFC 3339 in UTC.
        public static let lastFailure = "bloodbank-last-failure"
        /// The exchange the event was first published to.
        public static let originalExchange = "bloodbank-original-exchange"
        /// The routing key the event was first published with.
        public static let originalRoutingKey = "bloodbank-original-routing-key"
        /// The subscription queue whose handler failed.
        public static let queue = "bloodbank-queue"
    }

    /// The maximum length of the error message kept in a header, in UTF-8 bytes. Error descriptions are
    /// cut so that a handler that prints its input cannot copy a whole payload into them.
    public static let maximumMessageBytes = 500

    /// Handler attempts so far.
    public var attempts: Int = 0
    /// Delayed redeliveries so far.
    public var delayedRetries: Int = 0
    /// The reason the message was dead-lettered, or `nil` while it is still being retried.
    public var reason: Reason?
    /// The type of the last error.
    public var errorType: String?
    /// The last error's description, cut to ``maximumMessageBytes``.
    public var errorMessage: String?
    /// When the first attempt failed.
    public var firstFailure: EventTimestamp?
    /// When the last attempt failed.
    public var lastFailure: EventTimestamp?
    /// The exchange the event was first published to.
    public var originalExchange: String?
    /// The routing key the event was first published with.
    public var originalRoutingKey: String?
    /// The subscription queue whose handler failed.
    public var queue: String?

    /// Creates an empty record.
    public init() {}

    /// Reads the record from message headers; absent or mistyped headers keep their defaults.
    public init(headers: AMQPFieldTable?) {
        guard let headers else { return }
        attempts = Self.integer(headers[Header.attempts]) ?? 0
        delayedRetries = Self.integer(headers[Header.delayedRetries]) ?? 0
        reason = headers[Header.reason]?.stringValue.flatMap(Reason.init(rawValue:))
        errorType = headers[Header.errorType]?.stringValue
        errorMessage = headers[Header.errorMessage]?.stringValue
        firstFailure = headers[Header.firstFailure]?.stringValue.flatMap(EventTimestamp.init(rfc3339:))
        lastFailure = headers[Header.lastFailure]?.stringValue.flatMap(EventTimestamp.init(rfc3339:))
        originalExchange = headers[Header.originalExchange]?.stringValue
        originalRoutingKey = headers[Header.originalRoutingKey]?.stringValue
        queue = headers[Header.queue]?.stringValue
    }

    /// Records one failed attempt of `error` at `time`.
    mutating func recordFailure(type: String, message: String, at time: EventTimestamp) {
        attempts += 1
        errorType = type
        errorMessage = Self.truncated(message)
        if firstFailure == nil { firstFailure = time }
        lastFailure = time
    }

    /// Writes the record into `headers`, replacing earlier `bloodbank-` failure headers and
    /// dropping the broker's `x-` headers (such as `x-death`), which the broker rewrites.
    public func apply(to headers: inout AMQPFieldTable) {
        headers.entries = headers.entries.filter { entry in
            !entry.key.hasPrefix("x-") && !Self.allHeaders.contains(entry.key)
        }
        headers[Header.attempts] = .int64(Int64(attempts))
        headers[Header.delayedRetries] = .int64(Int64(delayedRetries))
        if let reason { headers[Header.reason] = .string(reason.rawValue) }
        if let errorType { headers[Header.errorType] = .string(errorType) }
        if let errorMessage { headers[Header.errorMessage] = .string(errorMessage) }
        if let firstFailure { headers[Header.firstFailure] = .string(firstFailure.rfc3339String) }
        if let lastFailure { headers[Header.lastFailure] = .string(lastFailure.rfc3339String) }
        if let originalExchange { headers[Header.originalExchange] = .string(originalExchange) }
        if let originalRoutingKey { headers[Header.originalRoutingKey] = .string(originalRoutingKey) }
        if let queue { headers[Header.queue] = .string(queue) }
    }

    /// Removes every `bloodbank-` failure header and the broker's `x-` headers, for a
    /// message replayed from the dead-letter queue as a fresh event.
    public static func removeAll(from headers: inout AMQPFieldTable) {
        headers.entries = headers.entries.filter { entry in
            !entry.key.hasPrefix("x-") && !allHeaders.contains(entry.key)
        }
    }

    static let allHeaders: Set<String> = [
        Header.attempts, Header.delayedRetries, Header.reason, Header.errorType, Header.errorMessage,
        Header.firstFailure, Header.lastFailure, Header.originalExchange, Header.originalRoutingKey, Header.queue,
    ]

    /// Cuts `text` to at most ``maximumMessageBytes`` UTF-8 bytes on a character boundary.
    static func truncated(_ text: String) -> String {
        guard text.utf8.count > maximumMessageBytes else { return text }
        var result = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            if count + size > maximumMessageBytes - 3 { break }
            result.append(character)
            count += size
        }
        return result + "..."
    }

    static func integer(_ value: AMQPFieldValue?) -> Int? {
        switch value {
        case .int8(let number): Int(number)
        case .uint8(let number): Int(number)
        case .int16(let number): Int(number)
        case .uint16(let number): Int(number)
        case .int32(let number): Int(number)
        case .uint32(let number): Int(number)
        case .int64(let number): Int(number)
        case .longString(let bytes): Int(String(decoding: bytes, as: UTF8.self))
        case .boolean, .float, .double, .decimal, .array, .timestamp, .table, .void, .byteArray, nil: nil
        }
    }
}
