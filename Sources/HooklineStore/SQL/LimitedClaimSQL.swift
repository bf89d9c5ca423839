import HooklineCore

/// The statements of the claim of deliveries whose webhook's settings gate claims (`hook_limited`),
/// which both stores run as written; `HookClaimGate` decides what they lease. The claim of every
/// other delivery leaves these out (`NOT hook_limited`, and its indexes do too).
enum LimitedClaimSQL {
    /// The webhooks with pending limited deliveries, in id order (`hook_id`; `status` NULL if the
    /// webhook is gone; `HookSQL.settingsColumns`), listed by skipping through `deliveries_limited`:
    /// one index probe when there are none. Ordering by (hook_id, event_seq), which only that index
    /// gives, keeps PostgreSQL's planner on it: with `MIN(hook_id)` it took `deliveries_hook` and
    /// stepped over every other webhook's deliveries (24 ms against 0.1 ms with 20,000 of them).
    static let hooks = SQLStatement(
        """
        WITH RECURSIVE limited(hook_id) AS (
            SELECT (SELECT hook_id FROM deliveries WHERE state = 'pending' AND hook_limited ORDER BY hook_id, event_seq LIMIT 1)
            UNION ALL
            SELECT (SELECT d.hook_id FROM deliveries d
                    WHERE d.state = 'pending' AND d.hook_limited AND d.hook_id > limited.hook_id
                    ORDER BY d.hook_id, d.event_seq LIMIT 1)
            FROM limited WHERE limited.hook_id IS NOT NULL
        )
        SELECT l.hook_id, h.status, h.ordering, h.max_per_second, h.max_in_flight
        FROM limited l LEFT JOIN hooks h ON h.id = l.hook_id
        WHERE l.hook_id IS NOT NULL
        ORDER BY l.hook_id
        """)

    /// How many of the webhook's deliveries are leased at `now` (Unix ms), by any node (`in_flight`).
    static func inFlight(hookID: Int64, now: Int64) -> SQLStatement {
        SQLStatement(
            """
            SELECT COUNT(*) AS in_flight FROM deliveries
            WHERE hook_id = ? AND state = 'pending' AND hook_limited AND lease_owner IS NOT NULL AND next_attempt_at > ?
            """, [.integer(hookID), .integer(now)])
    }

    /// The webhook's candidates (`id`, `host`, `next_attempt_at`) in event order: its earliest pending
    /// delivery alone, due or not (`headOnly`), or up to `limit` of those due at `now`.
    static func candidates(hookID: Int64, headOnly: Bool, now: Int64, limit: Int) -> SQLStatement {
        if headOnly {
            return SQLStatement(
                """
                SELECT id, host, next_attempt_at FROM deliveries
                WHERE hook_id = ? AND state = 'pending' AND hook_limited
                ORDER BY event_seq, id LIMIT 1
                """, [.integer(hookID)])
        }
        return SQLStatement(
            """
            SELECT id, host, next_attempt_at FROM deliveries
            WHERE hook_id = ? AND state = 'pending' AND hook_limited AND next_attempt_at <= ?
            ORDER BY event_seq, id LIMIT ?
            """, [.integer(hookID), .integer(now), .integer(limit)])
    }

    /// Leases pending deliveries to `node` until `leaseUntil` (Unix ms), by moving their due time to
    /// the lease's end; returns the ids it leased (`id`).
    static func lease(ids: [Int64], node: String, leaseUntil: Int64, dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            """
            UPDATE deliveries SET lease_owner = ?, next_attempt_at = ?
            WHERE id IN \(dialect.idList) AND state = 'pending'
            RETURNING id
            """, [.text(node), .integer(leaseUntil), .integers(ids)])
    }
}

extension HookClaimGate {
    /// The gate of a webhook listed by `LimitedClaimSQL.hooks`, with its count in flight.
    init(row: some SQLRow, inFlight: Int) throws {
        self.init(
            settings: try HookDeliverySettings(row: row),
            hookActive: try row.optionalText("status") == WebhookStatus.active.rawValue, inFlight: inFlight)
    }
}

extension HookClaimGate.Candidate {
    /// A candidate from a row of `LimitedClaimSQL.candidates`.
    init(row: some SQLRow) throws {
        self.init(id: try row.integer("id"), host: try row.text("host"), dueAt: try row.integer("next_attempt_at"))
    }
}
