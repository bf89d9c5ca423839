import GRDB
import HooklineCore

extension SQLiteStorage {
    public func queueSnapshot(now: Int64) async throws -> QueueSnapshot {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: QueueStatusSQL.snapshot { "?\($0)" }, arguments: [now, now / 1000])
            return QueueSnapshot(
                pending: row?["pending"] ?? 0, due: row?["due"] ?? 0, leased: row?["leased"] ?? 0,
                blockedDomains: row?["blocked"] ?? 0)
        }
    }

    public func attemptTally(since: Int64) async throws -> AttemptTally {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: QueueStatusSQL.tally { "?\($0)" }, arguments: [since])
            return AttemptTally(attempts: row?["attempts"] ?? 0, failures: row?["failures"] ?? 0)
        }
    }
}
