import HooklineCore

/// The statements both stores run, as written, for the delivery log and the operator's actions.
/// Creating a replay's deliveries stays per store (one `unnest` insert in PostgreSQL, a cached
/// insert per delivery in SQLite).
enum DeliveryLogSQL {
    /// The `WHERE` of a filtered list of attempts (`a`), and its arguments.
    private static func attemptCondition(_ filter: AttemptFilter) -> (sql: String, arguments: [SQLValue]) {
        var conditions = ["a.store_hash = ?"]
        var arguments: [SQLValue] = [.text(filter.storeHash)]
        if let hookID = filter.hookID {
            conditions.append("a.hook_id = ?")
            arguments.append(.integer(hookID))
        }
        if let eventID = filter.eventID {
            conditions.append("a.event_seq = (SELECT seq FROM events WHERE store_hash = ? AND event_id = ?)")
            arguments += [.text(filter.storeHash), .text(eventID)]
        }
        if let deliveryID = filter.deliveryID {
            conditions.append("a.delivery_id = ?")
            arguments.append(.integer(deliveryID))
        }
        if let succeeded = filter.succeeded {
            conditions.append(succeeded ? "a.succeeded" : "NOT a.succeeded")
        }
        if let startedFrom = filter.startedFrom {
            conditions.append("a.started_at >= ?")
            arguments.append(.integer(startedFrom))
        }
        if let startedBefore = filter.startedBefore {
            conditions.append("a.started_at < ?")
            arguments.append(.integer(startedBefore))
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// How many attempts pass the filter (`total`).
    static func attemptCount(_ filter: AttemptFilter) -> SQLStatement {
        let condition = attemptCondition(filter)
        return SQLStatement("SELECT COUNT(*) AS total FROM attempts a WHERE \(condition.sql)", condition.arguments)
    }

    /// A page of the attempts that pass the filter, newest first (`AttemptRecord` rows).
    static func attempts(_ filter: AttemptFilter, page: PageRequest) -> SQLStatement {
        let condition = attemptCondition(filter)
        return SQLStatement(
            """
            SELECT a.*, e.event_id FROM attempts a JOIN events e ON e.seq = a.event_seq
            WHERE \(condition.sql) ORDER BY a.id DESC LIMIT ? OFFSET ?
            """, condition.arguments + [.integer(page.limit), .integer(page.offset)])
    }

    /// A delivery of the store's `state`, `lease_owner` and `next_attempt_at`, locked until the
    /// transaction ends where the dialect locks rows.
    static func deliveryLease(id: Int64, storeHash: String, dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            "SELECT state, lease_owner, next_attempt_at FROM deliveries WHERE id = ? AND store_hash = ? \(dialect.lockingClause)",
            [.integer(id), .text(storeHash)])
    }

    /// One row if the store has an event with the publisher's id, none otherwise.
    static func eventExists(storeHash: String, eventID: String) -> SQLStatement {
        SQLStatement("SELECT 1 AS found FROM events WHERE store_hash = ? AND event_id = ?", [.text(storeHash), .text(eventID)])
    }

    /// The callback payload (`payload`) of the store's event with the publisher's id.
    static func eventPayload(storeHash: String, eventID: String) -> SQLStatement {
        SQLStatement("SELECT payload FROM events WHERE store_hash = ? AND event_id = ?", [.text(storeHash), .text(eventID)])
    }

    /// Makes a delivery due at `now` (Unix ms), whatever its state.
    static func makeDue(id: Int64, now: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE deliveries SET state = 'pending', next_attempt_at = ?, lease_owner = NULL, updated_at = ? WHERE id = ?",
            [.integer(now), .integer(now), .integer(id)])
    }

    /// A webhook of the store as a replay targets it (`id`, `client_id`, `scope`, `destination`, and
    /// `HookSQL.settingsColumns`).
    static func replayTarget(hookID: Int64, storeHash: String) -> SQLStatement {
        SQLStatement(
            "SELECT id, client_id, scope, destination, \(HookSQL.settingsColumns) FROM hooks WHERE id = ? AND store_hash = ?",
            [.integer(hookID), .text(storeHash)])
    }

    /// The store's events created in `since...until` (Unix seconds), notices aside (`seq`, `scope`), in order.
    static func replayedEvents(storeHash: String, since: Int64, until: Int64) -> SQLStatement {
        SQLStatement(
            "SELECT seq, scope FROM events WHERE store_hash = ? AND created_at BETWEEN ? AND ? AND scope <> ? ORDER BY seq",
            [.text(storeHash), .integer(since), .integer(until), .text(DeliveryExceptionCode.scope)])
    }

    /// The store's deliveries, one by id or those of one event (publisher's id), in id order, at most 1000
    /// (`DeliveryRecord` rows).
    static func deliveries(storeHash: String, id: Int64?, eventID: String?) -> SQLStatement {
        var conditions = ["d.store_hash = ?"]
        var arguments: [SQLValue] = [.text(storeHash)]
        if let id {
            conditions.append("d.id = ?")
            arguments.append(.integer(id))
        }
        if let eventID {
            conditions.append("e.event_id = ?")
            arguments.append(.text(eventID))
        }
        return SQLStatement(
            """
            SELECT d.*, e.event_id FROM deliveries d JOIN events e ON e.seq = d.event_seq
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY d.id LIMIT 1000
            """, arguments)
    }
}

extension HookTarget {
    /// A target from a row of `DeliveryLogSQL.replayTarget`.
    init(row: some SQLRow) throws {
        self.init(
            id: try row.integer("id"), clientID: try row.text("client_id"), scope: try row.text("scope"),
            destination: try row.text("destination"), settings: try HookDeliverySettings(row: row))
    }
}
