import HooklineCore

/// The statements both stores run, as written, for what a client reads of its deliveries: the
/// events history and the blocked domains.
enum ClientViewSQL {
    /// The `FROM … WHERE` of the owner's events history within the creation times, and its arguments.
    private static func historyCondition(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?) -> (sql: String, arguments: [SQLValue]) {
        (
            """
            FROM events e WHERE e.seq IN (SELECT event_seq FROM event_history WHERE store_hash = ? AND client_id = ?)
            AND e.created_at >= ? AND e.created_at <= ?
            """,
            [.text(owner.storeHash), .text(owner.clientID), .integer(createdFrom ?? Int64.min), .integer(createdTo ?? Int64.max)]
        )
    }

    /// How many events the owner's history holds within the times (`total`).
    static func historyCount(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?) -> SQLStatement {
        let condition = historyCondition(owner: owner, createdFrom: createdFrom, createdTo: createdTo)
        return SQLStatement("SELECT COUNT(*) AS total \(condition.sql)", condition.arguments)
    }

    /// A page of the history's callback payloads (`payload`), oldest first.
    static func history(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) -> SQLStatement {
        let condition = historyCondition(owner: owner, createdFrom: createdFrom, createdTo: createdTo)
        return SQLStatement(
            "SELECT e.payload \(condition.sql) ORDER BY e.seq LIMIT ? OFFSET ?",
            condition.arguments + [.integer(page.limit), .integer(page.offset)])
    }

    /// The owner's blocks in force at `now` (Unix seconds), by host (`BlockedDomain` rows).
    static func blockedDomains(owner: HookOwner, nowSeconds: Int64) -> SQLStatement {
        SQLStatement(
            """
            SELECT host, destination, blocked_until, reasons FROM blocked_domains
            WHERE store_hash = ? AND client_id = ? AND blocked_until > ? ORDER BY host
            """, [.text(owner.storeHash), .text(owner.clientID), .integer(nowSeconds)])
    }
}
