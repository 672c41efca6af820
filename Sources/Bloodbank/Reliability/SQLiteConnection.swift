import CSQLite

/// A value bound to a statement parameter or read from a result column.
enum SQLiteValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    var integerValue: Int64? {
        guard case .integer(let value) = self else { return nil }
        return value
    }

    var textValue: String? {
        guard case .text(let value) = self else { return nil }
        return value
    }

    var blobValue: [UInt8]? {
        switch self {
        case .blob(let bytes): bytes
        case .text(let text): Array(text.utf8)
        case .integer, .null: nil
        }
    }
}

/// The statements of one ``SQLiteDatabase``, valid only inside its `perform` closures.
///
/// `@unchecked Sendable` because it is handed to the database's serial queue, the only
/// place where it is used.
struct SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String

    /// Runs SQL text that returns no rows, such as `CREATE TABLE` or `PRAGMA`; several
    /// statements may be separated by semicolons.
    func execute(_ sql: String) throws(BloodbankError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK || status == SQLITE_ROW else {
            throw failure("executing '\(sql.prefix(60))'")
        }
    }

    /// Runs one statement with `bindings` for its `?` parameters and returns the number of
    /// rows it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(BloodbankError) -> Int {
        try query(sql, bindings) { _ in }
        return Int(sqlite3_changes(handle))
    }

    /// Runs one statement and calls `row` with the columns of each result row.
    func query(_ sql: String, _ bindings: [SQLiteValue] = [], row: ([SQLiteValue]) -> Void) throws(BloodbankError) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("preparing '\(sql.prefix(60))'")
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in bindings.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number):
                status = sqlite3_bind_int64(statement, index, number)
            case .text(let text):
                status = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
                }
            case .null:
                status = sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw failure("binding parameter \(index)") }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure("running '\(sql.prefix(60))'") }
            let count = sqlite3_column_count(statement)
            var columns: [SQLiteValue] = []
            columns.reserveCapacity(Int(count))
            for column in 0..<count {
                columns.append(Self.read(statement, column))
            }
            row(columns)
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back when it throws.
    func transaction<T>(_ body: () throws(BloodbankError) -> T) throws(BloodbankError) -> T {
        try execute("BEGIN IMMEDIATE")
        do throws(BloodbankError) {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    private static func read(_ statement: OpaquePointer, _ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, column) else { return .null }
            return .text(String(cString: text))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// SQLite's `SQLITE_TRANSIENT`: copy the bound bytes before the call returns. The C
    /// macro casts -1 to a function pointer, which Swift does not import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func failure(_ action: String) -> BloodbankError {
        let message = String(cString: sqlite3_errmsg(handle))
        return BloodbankError(.storage, "SQLite failed \(action) in \(path): \(message)")
    }
}
