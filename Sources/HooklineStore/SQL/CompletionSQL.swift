import HooklineCore

/// The statements both stores run, as written, to execute a `CompletionPlan`'s follow-up: closing
/// webhooks, raising notices, judging and writing blocks. The batch statements of the first phase
/// (attempt log, moves, window counts) stay per store: PostgreSQL sends each as one `unnest`
/// statement, SQLite runs a cached statement per row.
enum CompletionSQL {
    /// Deactivates the webhook if it is active (`now`: Unix seconds).
    static func deactivateHook(id: Int64, nowSeconds: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE hooks SET status = 'deactivated', updated_at = ? WHERE id = ? AND status = 'active'",
            [.integer(nowSeconds), .integer(id)])
    }

    /// Puts the event in the webhook's events history, if the webhook keeps one (and it is not there yet).
    static func keepInEventsHistory(hookID: Int64, eventSeq: Int64, nowSeconds: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO event_history (store_hash, client_id, hook_id, event_seq, created_at)
            SELECT store_hash, client_id, id, ?, ? FROM hooks WHERE id = ? AND events_history_enabled
            ON CONFLICT (hook_id, event_seq) DO NOTHING
            """, [.integer(eventSeq), .integer(nowSeconds), .integer(hookID)])
    }

    /// Records a 90001 notice to the destination now, unless one went less than `interval` seconds
    /// ago; returns a row (`last_sent_at`) only if it recorded one. One conditional upsert, so
    /// concurrent transactions queue on the row and only one finds the interval passed.
    static func claimRetryingNotice(clientID: String, destination: String, interval: Int64, nowSeconds: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO exception_notices (client_id, destination, last_sent_at) VALUES (?, ?, ?)
            ON CONFLICT (client_id, destination) DO UPDATE SET last_sent_at = excluded.last_sent_at
            WHERE exception_notices.last_sent_at <= ?
            RETURNING last_sent_at
            """, [.text(clientID), .text(destination), .integer(nowSeconds), .integer(nowSeconds - interval)])
    }

    /// The owner's active delivery exception hook (`id`, `destination`) and its store's id
    /// (`store_id`): the lowest id, should there be several.
    static func exceptionHook(owner: HookOwner) -> SQLStatement {
        SQLStatement(
            """
            SELECT h.id, h.destination, s.store_id FROM hooks h JOIN stores s ON s.store_hash = h.store_hash
            WHERE h.store_hash = ? AND h.client_id = ? AND h.scope = ? AND h.status = 'active'
            ORDER BY h.id LIMIT 1
            """, [.text(owner.storeHash), .text(owner.clientID), .text(DeliveryExceptionCode.scope)])
    }

    /// A row (`found`) if the client's host is blocked at `now` (Unix seconds).
    static func blockInForce(clientID: String, host: String, nowSeconds: Int64) -> SQLStatement {
        SQLStatement(
            "SELECT 1 AS found FROM blocked_domains WHERE client_id = ? AND host = ? AND blocked_until > ?",
            [.text(clientID), .text(host), .integer(nowSeconds)])
    }

    /// The client's failed attempts to the host since `since` (Unix ms), grouped by what failed
    /// (`description`, NULL for neither status nor class), with their `count` and latest `timestamp`
    /// (Unix seconds); refusals because the domain was blocked are not failures of the host.
    /// Unordered: `BlockedDomain.ranked` orders them.
    static func blockReasons(clientID: String, host: String, since: Int64) -> SQLStatement {
        SQLStatement(
            """
            SELECT CASE WHEN status_code IS NOT NULL THEN 'HTTP ' || status_code ELSE error_class END AS description,
                   COUNT(*) AS count, MAX(started_at) / 1000 AS timestamp
            FROM attempts
            WHERE client_id = ? AND host = ? AND started_at >= ? AND NOT succeeded
              AND (error_class IS NULL OR error_class <> 'domain_blocked')
            GROUP BY description
            """, [.text(clientID), .text(host), .integer(since)])
    }

    /// Blocks the client's host until `blockedUntil` (Unix seconds), for these reasons (JSON).
    static func block(_ check: BlocklistCheck, blockedUntil: Int64, reasonsJSON: String) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO blocked_domains (store_hash, client_id, host, destination, blocked_until, reasons)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (client_id, host) DO UPDATE SET destination = excluded.destination,
                blocked_until = excluded.blocked_until, reasons = excluded.reasons
            """,
            [
                .text(check.owner.storeHash), .text(check.owner.clientID), .text(check.host), .text(check.destination),
                .integer(blockedUntil), .text(reasonsJSON),
            ])
    }
}
