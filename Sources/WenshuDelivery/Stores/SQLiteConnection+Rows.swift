import SQLiteNIO

extension SQLiteConnection {
    /// The rows of one statement, in a single trip to SQLite's thread and back. The generic
    /// `SQLiteDatabase.query(_:_:)` goes through the futures API, which hands every row to the event
    /// loop and completes there: two more thread switches per statement, most of a small write's cost.
    func rows(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let collected = CollectedRows()
        // SQLiteConnection's own async `query`, which runs the statement on its thread pool directly.
        try await self.query(sql, binds) { collected.rows.append($0) }
        return collected.rows
    }
}

/// Filled on SQLite's thread while the caller waits, read by the caller after: never shared at once.
private final class CollectedRows: @unchecked Sendable {
    var rows: [SQLiteRow] = []
}
