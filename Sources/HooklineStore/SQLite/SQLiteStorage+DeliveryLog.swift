import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Delivery log and operator actions

    public func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord> {
        try await pool.read { db in
            var conditions = ["a.store_hash = ?"]
            var arguments: StatementArguments = [filter.storeHash]
            if let hookID = filter.hookID {
                conditions.append("a.hook_id = ?")
                _ = arguments.append(contentsOf: [hookID])
            }
            if let eventID = filter.eventID {
                conditions.append("a.event_seq = (SELECT seq FROM events WHERE store_hash = ? AND event_id = ?)")
                _ = arguments.append(contentsOf: [filter.storeHash, eventID])
            }
            if let succeeded = filter.succeeded {
                conditions.append("a.succeeded = ?")
                _ = arguments.append(contentsOf: [succeeded])
            }
            let whereClause = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempts a WHERE \(whereClause)", arguments: arguments) ?? 0
            _ = arguments.append(contentsOf: [page.limit, page.offset])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.*, e.event_id FROM attempts a JOIN events e ON e.seq = a.event_seq
                    WHERE \(whereClause) ORDER BY a.id DESC LIMIT ? OFFSET ?
                    """, arguments: arguments)
            let records = rows.map { row in
                AttemptRecord(
                    id: row["id"], deliveryID: row["delivery_id"], eventID: row["event_id"], hookID: row["hook_id"],
                    attemptNumber: row["attempt_number"], succeeded: row["succeeded"],
                    result: AttemptResult(
                        statusCode: row["status_code"], errorClass: (row["error_class"] as String?).flatMap(AttemptErrorClass.init),
                        errorMessage: row["error_message"], responseExcerpt: row["response_excerpt"],
                        startedAtMilliseconds: row["started_at"], durationMilliseconds: row["duration_ms"]),
                    node: row["node"])
            }
            return Page(items: records, total: total, request: page)
        }
    }

    public func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state, lease_owner, next_attempt_at FROM deliveries WHERE id = ? AND store_hash = ?",
                    arguments: [id, storeHash])
            else { return .notFound }
            let state: String = row["state"]
            let leaseOwner: String? = row["lease_owner"]
            let leaseEnd: Int64 = row["next_attempt_at"]
            if state == "pending", leaseOwner != nil, leaseEnd > now { return .inFlight }
            try db.execute(
                sql: """
                    UPDATE deliveries SET state = 'pending', next_attempt_at = ?, lease_owner = NULL, updated_at = ?
                    WHERE id = ?
                    """, arguments: [now, now, id])
            return .scheduled
        }
    }

    public func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, client_id, scope, destination FROM hooks WHERE id = ? AND store_hash = ?",
                    arguments: [hookID, storeHash])
            else { return 0 }
            let hook = HookTarget(id: row["id"], clientID: row["client_id"], scope: row["scope"], destination: row["destination"])
            let events = try Row.fetchAll(
                db,
                sql: "SELECT seq, scope FROM events WHERE store_hash = ? AND created_at BETWEEN ? AND ? AND scope <> ? ORDER BY seq",
                arguments: [storeHash, since, until, DeliveryExceptionCode.scope])
            var count = 0
            for event in events where ScopeCatalog.matches(subscription: hook.scope, event: event["scope"]) {
                try Self.insertDelivery(db, eventSeq: event["seq"], hook: hook, storeHash: storeHash, now: now)
                count += 1
            }
            return count
        }
    }

    public func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord] {
        try await pool.read { db in
            var conditions = ["d.store_hash = ?"]
            var arguments: StatementArguments = [storeHash]
            if let id {
                conditions.append("d.id = ?")
                _ = arguments.append(contentsOf: [id])
            }
            if let eventID {
                conditions.append("e.event_id = ?")
                _ = arguments.append(contentsOf: [eventID])
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, e.event_id FROM deliveries d JOIN events e ON e.seq = d.event_seq
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY d.id LIMIT 1000
                    """, arguments: arguments
            ).map { row in
                DeliveryRecord(
                    id: row["id"], eventID: row["event_id"], hookID: row["hook_id"], state: row["state"],
                    attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastStatus: row["last_status"],
                    lastError: row["last_error"])
            }
        }
    }

    public func hook(id: Int64, storeHash: String) async throws -> Webhook? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM hooks WHERE id = ? AND store_hash = ?", arguments: [id, storeHash])
                .map(Webhook.init(row:))
        }
    }
}
