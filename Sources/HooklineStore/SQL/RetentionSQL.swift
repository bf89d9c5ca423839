import HooklineCore

/// The statements both stores run, as written, to delete what the retention no longer keeps.
///
/// Each deletes at most `limit` rows, oldest first, and returns one row per row deleted. None of
/// the time columns is indexed (an index would cost every publish and completion), so each
/// statement bounds its scan by key: rows are numbered as they are written, so the first row at or
/// after the cutoff, found by walking the key from the start, bounds the rows that can be expired.
enum RetentionSQL {
    /// The statement deleting a batch of `table`'s expired rows.
    static func deleteExpired(_ table: RetentionTable, before cutoff: RetentionCutoff, limit: Int) -> SQLStatement {
        let (sql, time) =
            switch table {
            case .deliveries:
                (
                    // Checked again outside the subquery: a delivery retried while the batch runs is
                    // pending again, and PostgreSQL rechecks only the outer condition on a row changed
                    // under it.
                    expired(
                        "deliveries", key: "id", time: "created_at",
                        condition: "t.state <> 'pending' AND t.updated_at < ?", recheck: "state <> 'pending'"),
                    cutoff.milliseconds
                )
            case .attempts:
                (
                    expired(
                        "attempts", key: "id", time: "started_at",
                        condition: "t.started_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = t.delivery_id)"),
                    cutoff.milliseconds
                )
            case .eventsHistory:
                (expired("event_history", key: "id", time: "created_at", condition: "t.created_at < ?"), cutoff.seconds)
            case .events:
                (
                    expired(
                        "events", key: "seq", time: "accepted_at",
                        condition: """
                            t.accepted_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = t.seq)
                              AND NOT EXISTS (SELECT 1 FROM event_history h WHERE h.event_seq = t.seq)
                            """), cutoff.seconds
                )
            case .eventKeys:
                (expired("event_keys", key: "id", time: "created_at", condition: "t.created_at < ?"), cutoff.seconds)
            }
        return SQLStatement(sql, [.integer(time), .integer(time), .integer(Int64(limit))])
    }

    /// Deletes up to a limit of `table`'s rows below the first `key` whose `time` is at or after the
    /// cutoff and that meet `condition` (on alias `t`, with one placeholder for the cutoff).
    private static func expired(_ table: String, key: String, time: String, condition: String, recheck: String = "TRUE")
        -> String
    {
        """
        DELETE FROM \(table) WHERE \(recheck) AND \(key) IN (
            SELECT t.\(key) FROM \(table) t
            WHERE t.\(key) < COALESCE((SELECT n.\(key) FROM \(table) n WHERE n.\(time) >= ? ORDER BY n.\(key) LIMIT 1), \(Int64.max))
              AND \(condition)
            ORDER BY t.\(key) LIMIT ?)
        RETURNING \(key)
        """
    }
}
