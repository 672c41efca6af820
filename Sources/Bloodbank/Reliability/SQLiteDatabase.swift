import CSQLite
import Dispatch

/// One SQLite database file, opened through the OS's `libsqlite3`.
///
/// Every statement runs on one private serial dispatch queue: SQLite calls block on file
/// I/O and `fsync`, which must not happen on Swift's cooperative thread pool, and the
/// serial queue is also what makes the connection safe to share.
final class SQLiteDatabase: @unchecked Sendable {
    // @unchecked Sendable: `handle` is used only on `queue`, a serial queue, after `init`.
    private let handle: OpaquePointer
    private let queue: DispatchQueue
    /// The path of the database file.
    let path: String

    /// Opens or creates the database at `path` in WAL mode with `synchronous=FULL`, so that a
    /// committed transaction survives a process crash and a power loss.
    init(path: String) throws(BloodbankError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw BloodbankError(.storage, "could not open the SQLite database at \(path): \(message)")
        }
        self.handle = handle
        self.path = path
        self.queue = DispatchQueue(label: "bloodbank.sqlite")
        let connection = SQLiteConnection(handle: handle, path: path)
        do throws(BloodbankError) {
            try connection.execute("PRAGMA journal_mode=WAL")
            try connection.execute("PRAGMA synchronous=FULL")
            try connection.execute("PRAGMA busy_timeout=5000")
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs `body` on the database's queue and returns its result.
    func perform<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws(BloodbankError) -> T
    ) async throws(BloodbankError) -> T {
        let connection = SQLiteConnection(handle: handle, path: path)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, BloodbankError>, Never>) in
            queue.async {
                do throws(BloodbankError) {
                    continuation.resume(returning: .success(try body(connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs `body` on the database's queue, blocking the calling thread; for setup code
    /// that runs before any task uses the database.
    func performNow<T>(_ body: (SQLiteConnection) throws(BloodbankError) -> T) throws(BloodbankError) -> T {
        let connection = SQLiteConnection(handle: handle, path: path)
        let result = queue.sync { () -> Result<T, BloodbankError> in
            do throws(BloodbankError) {
                return .success(try body(connection))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
