/// The dashboard overview's statements, which both stores run as written.
enum DashboardSQL {
    /// The index `attemptsPerMinute` reads, created by each store's `ops-attempts-by-start` migration:
    /// the last hour's attempts found by their start, `succeeded` beside it so no row is read.
    static let attemptsByStartIndex = "CREATE INDEX attempts_started ON attempts(started_at, succeeded)"

    /// Attempts per minute started in `from..<to` (Unix ms); columns `minute`, `ok`, `total`.
    static func attemptsPerMinute(from: Int64, to: Int64) -> SQLStatement {
        SQLStatement(
            """
            SELECT started_at / 60000 AS minute, SUM(CASE WHEN succeeded THEN 1 ELSE 0 END) AS ok, COUNT(*) AS total
            FROM attempts WHERE started_at >= ? AND started_at < ?
            GROUP BY started_at / 60000 ORDER BY minute
            """, [.integer(from), .integer(to)])
    }

    /// The queue at `now` (Unix ms); columns `queued`, `in_flight`. Read in two parts, `hook_limited`
    /// or not, so that each reads its partial index.
    static func queue(now: Int64) -> SQLStatement {
        SQLStatement(
            """
            SELECT COALESCE(SUM(CASE WHEN lease_owner IS NULL OR next_attempt_at <= ? THEN 1 ELSE 0 END), 0) AS queued,
                   COALESCE(SUM(CASE WHEN lease_owner IS NOT NULL AND next_attempt_at > ? THEN 1 ELSE 0 END), 0) AS in_flight
            FROM (
                SELECT lease_owner, next_attempt_at FROM deliveries WHERE state = 'pending' AND NOT hook_limited
                UNION ALL
                SELECT lease_owner, next_attempt_at FROM deliveries WHERE state = 'pending' AND hook_limited
            ) pending
            """, [.integer(now), .integer(now)])
    }

    /// Hosts blocked at `now` (Unix ms); column `blocked`.
    static func blockedDomains(now: Int64) -> SQLStatement {
        SQLStatement("SELECT COUNT(*) AS blocked FROM blocked_domains WHERE blocked_until > ?", [.integer(now / 1000)])
    }
}
