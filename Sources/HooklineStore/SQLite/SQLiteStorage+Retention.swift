import GRDB
import HooklineCore

extension SQLiteStorage {
    /// Deletes a batch of expired rows in one write transaction. The pages freed go on SQLite's
    /// free list and later inserts reuse them, so the file stops growing once retention keeps pace.
    public func deleteExpired(_ table: RetentionTable, before cutoff: RetentionCutoff, limit: Int) async throws -> Int {
        try await pool.write { db in
            try db.rows(RetentionSQL.deleteExpired(table, before: cutoff, limit: limit)).count
        }
    }
}
