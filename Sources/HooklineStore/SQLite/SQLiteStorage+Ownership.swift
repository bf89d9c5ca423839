import GRDB

extension SQLiteStorage {
    /// Makes every leased pending delivery due at `now` and forgets its lease: the leases a crashed
    /// predecessor left. Only for a process that holds the file's `SQLiteFileLock` (no other process
    /// can be delivering then), before its engine starts; returns how many leases it took back.
    public func takeBackLeases(now: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE deliveries SET lease_owner = NULL, next_attempt_at = MIN(next_attempt_at, ?)
                    WHERE state = 'pending' AND lease_owner IS NOT NULL
                    """,
                arguments: [now])
            return db.changesCount
        }
    }
}
