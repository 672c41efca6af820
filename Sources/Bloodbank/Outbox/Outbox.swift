public import AMQPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A durable local queue of events to publish: a SQLite file that survives broker
/// outages and process crashes.
///
/// ``enqueue(body:routingKey:eventID:)`` (or `publish(..., via: .outbox)` on a client
/// opened with this outbox) commits the event to the file and returns without touching
/// the network. A relay (``relay(through:)``, started by
/// ``BloodbankClient/connect(url:source:logger:outbox:)``) publishes the stored events in
/// the order they were stored, one at a time with publisher confirms, and deletes each
/// after the broker's ack. So every event stored is published at least once, and events
/// of one outbox reach a queue in their stored order.
///
/// A crash after the broker's ack and before the delete (up to ``deleteBatchSize``
/// events) publishes those events again on the next start: consumers see duplicates with
/// the same event id, which a ``DeduplicationStore`` filters. Give each producer process
/// its own file; two processes relaying one file would interleave their order.
public final class Outbox: Sendable {
    /// The path of the SQLite file.
    public let path: String
    /// How many published events are deleted in one transaction; the most that a crash
    /// can publish twice.
    public let deleteBatchSize: Int
    let database: SQLiteDatabase
    let logger: Logger
    let wakeUp = OutboxSignal()

    /// Opens or creates the outbox file at `path`.
    ///
    /// - Throws: ``BloodbankError`` with code `storage` when the file cannot be opened or
    ///   is not an outbox.
    public init(path: String, deleteBatchSize: Int = 50, logger: Logger = .disabled) throws(BloodbankError) {
        self.path = path
        self.deleteBatchSize = max(1, deleteBatchSize)
        self.logger = logger
        self.database = try SQLiteDatabase(path: path)
        try database.performNow { connection throws(BloodbankError) in
            // AUTOINCREMENT never reuses a sequence, so the order survives deletes.
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL,
                    routing_key TEXT NOT NULL,
                    body BLOB NOT NULL,
                    stored_at_ms INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS outbox_unroutable (
                    sequence INTEGER PRIMARY KEY,
                    event_id TEXT NOT NULL,
                    routing_key TEXT NOT NULL,
                    body BLOB NOT NULL,
                    stored_at_ms INTEGER NOT NULL,
                    failed_at_ms INTEGER NOT NULL
                );
                """)
        }
    }

    /// Stores an encoded event; it is on disk when this returns.
    ///
    /// - Returns: The event's sequence number in this outbox.
    @discardableResult
    public func enqueue(body: [UInt8], routingKey: String, eventID: String) async throws(BloodbankError) -> Int64 {
        guard !routingKey.isEmpty, routingKey.utf8.count <= 255 else {
            throw BloodbankError(.invalidEventType, "the routing key must be 1 to 255 bytes long", eventID: eventID)
        }
        let now = Self.nowMilliseconds()
        let sequence = try await database.perform { connection throws(BloodbankError) in
            try connection.run(
                "INSERT INTO outbox (event_id, routing_key, body, stored_at_ms) VALUES (?, ?, ?, ?)",
                [.text(eventID), .text(routingKey), .blob(body), .integer(now)]
            )
            return connection.lastInsertRowID
        }
        wakeUp.notify()
        return sequence
    }

    /// Stores an envelope with its event type as routing key unless `routingKey` overrides it.
    @discardableResult
    public func enqueue(_ envelope: EventEnvelope, routingKey: String? = nil) async throws(BloodbankError) -> Int64 {
        let body: [UInt8]
        do {
            body = try envelope.encoded()
        } catch {
            throw BloodbankError(.invalidEvent, "could not encode the envelope: \(error)", eventID: envelope.messageID)
        }
        return try await enqueue(body: body, routingKey: routingKey ?? envelope.eventType, eventID: envelope.messageID)
    }

    /// Returns the events waiting to be published, oldest first, at most `limit`.
    public func pending(limit: Int = 1_000) async throws(BloodbankError) -> [OutboxEntry] {
        try await database.perform { connection throws(BloodbankError) in
            try Self.readEntries(connection, table: "outbox", limit: limit)
        }
    }

    /// Returns how many events wait to be published.
    public func pendingCount() async throws(BloodbankError) -> Int {
        try await database.perform { connection throws(BloodbankError) in
            var count = 0
            try connection.query("SELECT COUNT(*) FROM outbox") { row in
                count = Int(row.first?.integerValue ?? 0)
            }
            return count
        }
    }

    /// Events the broker returned as unroutable (no queue bound to their routing key).
    /// The relay sets them aside here instead of blocking the events behind them.
    public func unroutable(limit: Int = 1_000) async throws(BloodbankError) -> [OutboxEntry] {
        try await database.perform { connection throws(BloodbankError) in
            try Self.readEntries(connection, table: "outbox_unroutable", limit: limit)
        }
    }

    /// Waits until every stored event is published, or `timeout` passes.
    ///
    /// - Returns: Whether the outbox is empty.
    public func waitUntilEmpty(timeout: Duration) async throws(BloodbankError) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while try await pendingCount() > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    static func readEntries(_ connection: SQLiteConnection, table: String, limit: Int) throws(BloodbankError) -> [OutboxEntry] {
        var entries: [OutboxEntry] = []
        try connection.query(
            "SELECT sequence, event_id, routing_key, body FROM \(table) ORDER BY sequence LIMIT ?",
            [.integer(Int64(limit))]
        ) { row in
            guard row.count == 4, let sequence = row[0].integerValue, let eventID = row[1].textValue,
                let routingKey = row[2].textValue, let body = row[3].blobValue
            else { return }
            entries.append(OutboxEntry(sequence: sequence, eventID: eventID, routingKey: routingKey, body: body))
        }
        return entries
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded())
    }
}

/// One event stored in an ``Outbox``.
public struct OutboxEntry: Sendable, Hashable {
    /// The position in the outbox; events are published in this order.
    public var sequence: Int64
    /// The event id, sent as `message_id`.
    public var eventID: String
    /// The routing key on the events exchange.
    public var routingKey: String
    /// The encoded envelope.
    public var body: [UInt8]
}
