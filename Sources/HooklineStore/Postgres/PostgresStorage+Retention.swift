import HooklineCore
import PostgresNIO

extension PostgresStorage {
    /// Deletes a batch of expired rows in one statement (its own transaction).
    public func deleteExpired(_ table: RetentionTable, before cutoff: RetentionCutoff, limit: Int) async throws -> Int {
        try await rows(RetentionSQL.deleteExpired(table, before: cutoff, limit: limit)).count
    }
}
