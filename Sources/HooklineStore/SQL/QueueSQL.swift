/// The delivery queue's statements both stores run as written. The hot paths' statements stay per
/// store (publish inserts, claims, the batch writes of a completion), except where the text is
/// the same: then it is written here and PostgreSQL's named statement renders it.
enum QueueSQL {
    /// The id of the store with a hash (`store_id`); one parameter, the hash.
    static let storeIDText = "SELECT store_id FROM stores WHERE store_hash = ?"

    /// When the earliest pending delivery falls due (`due`, Unix ms; NULL if none). Of deliveries whose
    /// webhook's settings gate claims, only those already tried count (waiting for a retry, or leased):
    /// the others wait for their webhook's turn, which a completion announces.
    static let nextDueText = """
        SELECT MIN(due) AS due FROM (
            SELECT MIN(next_attempt_at) AS due FROM deliveries WHERE state = 'pending' AND NOT hook_limited
            UNION ALL
            SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending' AND hook_limited AND attempts > 0
        ) next_due
        """

    /// Gives back the leases `node` still holds on these deliveries, making them due at `now` (Unix
    /// ms); returns the ids it gave back (`id`).
    static func release(ids: [Int64], node: String, now: Int64, dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            """
            UPDATE deliveries SET lease_owner = NULL, next_attempt_at = ?
            WHERE id IN \(dialect.idList) AND lease_owner = ? AND state = 'pending'
            RETURNING id
            """, [.integer(now), .integers(ids), .text(node)])
    }

    /// Cancels the deliveries `node` still holds the lease of.
    static func cancel(ids: [Int64], node: String, now: Int64, dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            """
            UPDATE deliveries SET state = 'cancelled', lease_owner = NULL, updated_at = ?
            WHERE id IN \(dialect.idList) AND lease_owner = ? AND state = 'pending'
            """, [.integer(now), .integers(ids), .text(node)])
    }
}
