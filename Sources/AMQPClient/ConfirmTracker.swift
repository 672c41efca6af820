/// Publisher-confirm bookkeeping for one channel in confirm mode.
///
/// Publishes are numbered from 1 in the order they are written. A `basic.ack` or
/// `basic.nack` with `multiple` set settles every earlier pending number; each number is
/// settled exactly once because it is removed from ``waiters`` when settled.
struct ConfirmTracker<Waiter> {
    struct Entry {
        var waiter: Waiter
        /// Monotonic deadline in nanoseconds; 0 means none.
        var deadline: UInt64
        /// Identifies the publishing task, so that it can withdraw its entry when cancelled.
        var requestID: UInt64
        /// Present only for `mandatory` publishes, and boxed so that entries stay small:
        /// they are copied on every confirm.
        var mandatory: MandatoryState?

        /// The key that matches a `basic.return` to this publish.
        var returnKey: ReturnKey? { mandatory?.key }
        /// The `basic.return` received for this publish, if any.
        var returned: AMQPReturnedMessage? { mandatory?.returned }
    }

    /// The return-matching state of a mandatory publish.
    final class MandatoryState {
        let key: ReturnKey
        var returned: AMQPReturnedMessage?

        init(key: ReturnKey) {
            self.key = key
        }
    }

    /// The exchange, routing key and message id of a returned message, which identify its publish: RabbitMQ sends `basic.return` before the
    /// `basic.ack` of the same message, and returns carry no sequence number.
    struct ReturnKey: Hashable {
        var exchange: String
        var routingKey: String
        var messageID: String?
    }

    private(set) var nextSequence: UInt64 = 1
    private var lowestUnsettled: UInt64 = 1
    private(set) var entries: [UInt64: Entry] = [:]
    /// The sequence numbers of mandatory publishes not yet returned, oldest first.
    private var mandatoryOrder: [UInt64] = []

    var pendingCount: Int { entries.count }

    /// Records the next publish and returns its sequence number.
    mutating func register(_ waiter: Waiter, deadline: UInt64, returnKey: ReturnKey?, requestID: UInt64 = 0) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        entries[sequence] = Entry(
            waiter: waiter,
            deadline: deadline,
            requestID: requestID,
            mandatory: returnKey.map { MandatoryState(key: $0) }
        )
        if returnKey != nil { mandatoryOrder.append(sequence) }
        return sequence
    }

    /// Settles `deliveryTag`, or every pending number up to it when `multiple` is set.
    mutating func settle(deliveryTag: UInt64, multiple: Bool, handle: (Entry) -> Void) {
        if multiple {
            // A tag beyond the last publish is clamped, so that a bogus tag from the peer
            // cannot skip later publishes or loop for a very long time.
            let last = min(deliveryTag, nextSequence - 1)
            guard last >= lowestUnsettled else { return }
            var sequence = lowestUnsettled
            while sequence <= last {
                if let entry = entries.removeValue(forKey: sequence) { handle(entry) }
                sequence += 1
            }
            lowestUnsettled = last + 1
        } else if let entry = entries.removeValue(forKey: deliveryTag) {
            handle(entry)
        }
        while lowestUnsettled < nextSequence, entries[lowestUnsettled] == nil {
            lowestUnsettled += 1
        }
        if !mandatoryOrder.isEmpty {
            mandatoryOrder.removeAll { entries[$0] == nil }
        }
    }

    /// Attaches a `basic.return` to the oldest pending mandatory publish with the same
    /// exchange, routing key and message id.
    mutating func markReturned(_ message: AMQPReturnedMessage) -> Bool {
        let key = ReturnKey(exchange: message.exchange, routingKey: message.routingKey, messageID: message.properties.messageID)
        guard let index = mandatoryOrder.firstIndex(where: { entries[$0]?.returnKey == key }) else {
            return false
        }
        let sequence = mandatoryOrder.remove(at: index)
        entries[sequence]?.mandatory?.returned = message
        return true
    }

    /// Removes the entry for `sequence`, for a waiter whose task was cancelled.
    mutating func remove(sequence: UInt64) -> Entry? {
        entries.removeValue(forKey: sequence)
    }

    /// Removes the entry registered with `requestID`. It scans every entry, which is
    /// fine because only a cancelled publish calls it.
    mutating func remove(requestID: UInt64) -> Entry? {
        guard let sequence = entries.first(where: { $0.value.requestID == requestID })?.key else { return nil }
        return entries.removeValue(forKey: sequence)
    }

    /// Removes and returns every entry whose deadline is at or before `now`.
    mutating func removeExpired(now: UInt64) -> [Entry] {
        var expired: [Entry] = []
        for (sequence, entry) in entries where entry.deadline != 0 && entry.deadline <= now {
            entries.removeValue(forKey: sequence)
            expired.append(entry)
        }
        return expired
    }

    /// The earliest deadline of a pending publish, or `nil`.
    var earliestDeadline: UInt64? {
        var earliest: UInt64?
        for entry in entries.values where entry.deadline != 0 {
            if earliest == nil || entry.deadline < earliest! { earliest = entry.deadline }
        }
        return earliest
    }

    /// Removes and returns every pending entry, for a channel that closed.
    mutating func removeAll() -> [Entry] {
        let all = Array(entries.values)
        entries = [:]
        mandatoryOrder = []
        return all
    }
}
