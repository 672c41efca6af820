#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ``DeduplicationStore`` in a SQLite file, so that handled ids survive a restart.
///
/// Several subscriptions and processes on one machine may share the file: rows are keyed
/// by scope (the queue name) and event id. Rows older than the window are deleted every
/// 1,000 inserts.
public final class SQLiteDeduplicationStore: DeduplicationStore {
    /// How long an id is remembered.
    public let window: Duration
    private let database: SQLiteDatabase
    private let inserts = InsertCounter()

    /// Opens or creates the store at `path`.
    ///
    /// - Throws: ``BloodbankError`` with code `storage` when the file cannot be opened.
    public init(path: String, window: Duration = .seconds(86_400)) throws(BloodbankError) {
        self.window = window
        self.database = try SQLiteDatabase(path: path)
        try database.performNow { connection throws(BloodbankError) in
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS handled_events (
                    scope TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    handled_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (scope, event_id)
                ) WITHOUT ROWID
                """)
        }
    }

    public func contains(_ eventID: String, scope: String) async throws(BloodbankError) -> Bool {
        let oldest = Self.nowMilliseconds() - RetryPolicy.milliseconds(window)
        return try await database.perform { connection throws(BloodbankError) in
            var found = false
            try connection.query(
                "SELECT 1 FROM handled_events WHERE scope = ? AND event_id = ? AND handled_at_ms >= ?",
                [.text(scope), .text(eventID), .integer(oldest)]
            ) { _ in found = true }
            return found
        }
    }

    public func insert(_ eventID: String, scope: String) async throws(BloodbankError) {
        let now = Self.nowMilliseconds()
        let oldest = now - RetryPolicy.milliseconds(window)
        let prune = inserts.next() % 1_000 == 0
        try await database.perform { connection throws(BloodbankError) in
            try connection.run(
                "INSERT OR REPLACE INTO handled_events (scope, event_id, handled_at_ms) VALUES (?, ?, ?)",
                [.text(scope), .text(eventID), .integer(now)]
            )
            if prune {
                try connection.run("DELETE FROM handled_events WHERE handled_at_ms < ?", [.integer(oldest)])
            }
        }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded())
    }
}
