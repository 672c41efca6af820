/// Publisher-confirm bookkeeping for one channel in confirm mode.
///
/// Publishes are numbered from 1 in the order they are written. A `basic.ack` or
/// `basic.nack` with `multiple` set settles every earlier pending number. Each number is
/// settled once, because settling empties its slot.
///
/// Sequence numbers are dense, so pending publishes sit in an array indexed by their
/// distance from the oldest unsettled number: settling moves an entry out without a hash
/// lookup or a copy.
struct ConfirmTracker<Waiter> {
    struct Entry {
        var waiter: Waiter
        /// Monotonic deadline in nanoseconds; 0 means none.
        var deadline: UInt64
        /// Identifies the publishing task, so that it can withdraw its entry when cancelled.
        var requestID: UInt64
        /// Present only for `mandatory` publishes.
        var returnKey: ReturnKey?
        /// The `basic.return` received for this publish, if any. Boxed because returns
        /// are rare and the message is large.
        var returnedBox: ReturnedMessageBox?

        /// The `basic.return` received for this publish, if any.
        var returned: AMQPReturnedMessage? { returnedBox?.message }
    }

    /// The exchange, routing key and message id of a returned message, which identify its publish: RabbitMQ sends `basic.return` before the
    /// `basic.ack` of the same message, and returns carry no sequence number.
    struct ReturnKey: Hashable {
        var exchange: String
        var routingKey: String
        var messageID: String?
    }

    private(set) var nextSequence: UInt64 = 1
    /// The sequence number of `slots[start]`: every lower number is settled.
    private var lowestUnsettled: UInt64 = 1
    /// Entries of `lowestUnsettled ..< nextSequence` from `start` on; `nil` once settled.
    private var slots: [Entry?] = []
    private var start = 0
    private(set) var pendingCount = 0

    /// Records the next publish and returns its sequence number.
    mutating func register(_ waiter: Waiter, deadline: UInt64, returnKey: ReturnKey?, requestID: UInt64 = 0) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        slots.append(Entry(waiter: waiter, deadline: deadline, requestID: requestID, returnKey: returnKey))
        pendingCount += 1
        return sequence
    }

    /// Returns the pending entry for `sequence`, or `nil` when it is settled or unknown.
    func entry(for sequence: UInt64) -> Entry? {
        guard let index = index(of: sequence) else { return nil }
        return slots[index]
    }

    /// Settles `deliveryTag`, or every pending number up to it when `multiple` is set.
    mutating func settle(deliveryTag: UInt64, multiple: Bool, handle: (Entry) -> Void) {
        if multiple {
            // A tag beyond the last publish is clamped, so that a bogus tag from the peer
            // cannot skip later publishes or loop for a very long time.
            let last = min(deliveryTag, nextSequence - 1)
            guard last >= lowestUnsettled else { return }
            let end = start + Int(last - lowestUnsettled) + 1
            for index in start..<end {
                if let entry = slots[index].take() {
                    pendingCount -= 1
                    handle(entry)
                }
            }
        } else if let index = index(of: deliveryTag), let entry = slots[index].take() {
            pendingCount -= 1
            handle(entry)
        }
        dropSettledPrefix()
    }

    /// Attaches a `basic.return` to the oldest pending mandatory publish with the same
    /// exchange, routing key and message id.
    mutating func markReturned(_ message: AMQPReturnedMessage) -> Bool {
        let key = ReturnKey(exchange: message.exchange, routingKey: message.routingKey, messageID: message.properties.messageID)
        for index in start..<slots.count {
            guard let entry = slots[index], entry.returnedBox == nil, entry.returnKey == key else { continue }
            slots[index]?.returnedBox = ReturnedMessageBox(message)
            return true
        }
        return false
    }

    /// Removes the entry for `sequence`, for a waiter whose task was cancelled.
    mutating func remove(sequence: UInt64) -> Entry? {
        guard let index = index(of: sequence), let entry = slots[index].take() else { return nil }
        pendingCount -= 1
        dropSettledPrefix()
        return entry
    }

    /// Removes the entry registered with `requestID`. It scans every entry, which is
    /// fine because only a cancelled publish calls it.
    mutating func remove(requestID: UInt64) -> Entry? {
        for index in start..<slots.count where slots[index]?.requestID == requestID {
            let entry = slots[index].take()
            pendingCount -= 1
            dropSettledPrefix()
            return entry
        }
        return nil
    }

    /// Removes and returns every entry whose deadline is at or before `now`.
    mutating func removeExpired(now: UInt64) -> [Entry] {
        var expired: [Entry] = []
        for index in start..<slots.count {
            guard let deadline = slots[index]?.deadline, deadline != 0, deadline <= now else { continue }
            if let entry = slots[index].take() {
                expired.append(entry)
            }
        }
        pendingCount -= expired.count
        dropSettledPrefix()
        return expired
    }

    /// The earliest deadline of a pending publish, or `nil`.
    var earliestDeadline: UInt64? {
        var earliest: UInt64?
        for index in start..<slots.count {
            guard let deadline = slots[index]?.deadline, deadline != 0 else { continue }
            if earliest == nil || deadline < earliest! { earliest = deadline }
        }
        return earliest
    }

    /// Removes and returns every pending entry, for a channel that closed.
    mutating func removeAll() -> [Entry] {
        var all: [Entry] = []
        all.reserveCapacity(pendingCount)
        for index in start..<slots.count {
            if let entry = slots[index].take() { all.append(entry) }
        }
        pendingCount = 0
        dropSettledPrefix()
        return all
    }

    private func index(of sequence: UInt64) -> Int? {
        guard sequence >= lowestUnsettled, sequence < nextSequence else { return nil }
        return start + Int(sequence - lowestUnsettled)
    }

    /// Advances past settled slots, and removes them once they fill half of the array.
    private mutating func dropSettledPrefix() {
        while start < slots.count, slots[start] == nil {
            start += 1
            lowestUnsettled += 1
        }
        if start == slots.count {
            slots.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 1024, start * 2 >= slots.count {
            slots.removeSubrange(0..<start)
            start = 0
        }
    }
}
