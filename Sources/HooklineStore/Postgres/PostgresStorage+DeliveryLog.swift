import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Delivery log and operator actions

    /// A page of attempts, newest first (count and page read from one snapshot).
    public func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord> {
        try await readTransaction { session in
            let total: Int =
                try await session.row(
                    """
                    SELECT COUNT(*) AS total FROM attempts a
                    WHERE a.store_hash = \(filter.storeHash)
                      AND (\(filter.hookID)::bigint IS NULL OR a.hook_id = \(filter.hookID))
                      AND (\(filter.eventID)::text IS NULL
                           OR a.event_seq = (SELECT seq FROM events WHERE store_hash = \(filter.storeHash)
                                             AND event_id = \(filter.eventID)))
                      AND (\(filter.succeeded)::boolean IS NULL OR a.succeeded = \(filter.succeeded))
                    """)?.value("total") ?? 0
            let rows = try await session.rows(
                """
                SELECT a.*, e.event_id FROM attempts a JOIN events e ON e.seq = a.event_seq
                WHERE a.store_hash = \(filter.storeHash)
                  AND (\(filter.hookID)::bigint IS NULL OR a.hook_id = \(filter.hookID))
                  AND (\(filter.eventID)::text IS NULL
                       OR a.event_seq = (SELECT seq FROM events WHERE store_hash = \(filter.storeHash)
                                         AND event_id = \(filter.eventID)))
                  AND (\(filter.succeeded)::boolean IS NULL OR a.succeeded = \(filter.succeeded))
                ORDER BY a.id DESC LIMIT \(page.limit) OFFSET \(page.offset)
                """)
            let records = try rows.map { row in
                AttemptRecord(
                    id: try row.value("id"), deliveryID: try row.value("delivery_id"), eventID: try row.value("event_id"),
                    hookID: try row.value("hook_id"), attemptNumber: try row.value("attempt_number"),
                    succeeded: try row.value("succeeded"),
                    result: AttemptResult(
                        statusCode: try row.value("status_code"),
                        errorClass: try row.value("error_class", as: String?.self).flatMap(AttemptErrorClass.init),
                        errorMessage: try row.value("error_message"), responseExcerpt: try row.value("response_excerpt"),
                        startedAtMilliseconds: try row.value("started_at"), durationMilliseconds: try row.value("duration_ms")),
                    node: try row.value("node"))
            }
            return Page(items: records, total: total, request: page)
        }
    }

    /// Makes one delivery of the store due now (the row locked while deciding); notifies listeners.
    public func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome {
        try await transaction { session in
            guard
                let row = try await session.row(
                    """
                    SELECT state, lease_owner, next_attempt_at FROM deliveries WHERE id = \(id) AND store_hash = \(storeHash)
                    FOR UPDATE
                    """)
            else { return .notFound }
            let state: String = try row.value("state")
            let leaseOwner: String? = try row.value("lease_owner")
            let leaseEnd: Int64 = try row.value("next_attempt_at")
            if state == "pending", leaseOwner != nil, leaseEnd > now { return .inFlight }
            try await session.execute(
                """
                UPDATE deliveries SET state = 'pending', next_attempt_at = \(now), lease_owner = NULL, updated_at = \(now)
                WHERE id = \(id)
                """)
            try await Self.notifyDeliveries(session)
            return .scheduled
        }
    }

    /// Creates a new delivery to the webhook for each of the store's events created in
    /// `since...until` (Unix seconds) whose scope it matches; returns how many, and notifies listeners if any.
    public func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int {
        try await transaction { session in
            guard
                let row = try await session.row(
                    "SELECT id, client_id, scope, destination FROM hooks WHERE id = \(hookID) AND store_hash = \(storeHash)")
            else { return 0 }
            let hook = HookTarget(
                id: try row.value("id"), clientID: try row.value("client_id"), scope: try row.value("scope"),
                destination: try row.value("destination"))
            let seqs = try await session.rows(
                """
                SELECT seq, scope FROM events
                WHERE store_hash = \(storeHash) AND created_at BETWEEN \(since) AND \(until) AND scope <> \(DeliveryExceptionCode.scope)
                ORDER BY seq
                """
            ).filter { ScopeCatalog.matches(subscription: hook.scope, event: try $0.value("scope")) }
                .map { try $0.value("seq", as: Int64.self) }
            guard !seqs.isEmpty else { return 0 }
            try await Self.insertDeliveries(session, eventSeqs: seqs, hook: hook, storeHash: storeHash, now: now)
            try await Self.notifyDeliveries(session)
            return seqs.count
        }
    }

    /// The deliveries of the store: one by id, or all of one event (publisher's id), in id order.
    public func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord] {
        try await rows(
            """
            SELECT d.*, e.event_id FROM deliveries d JOIN events e ON e.seq = d.event_seq
            WHERE d.store_hash = \(storeHash)
              AND (\(id)::bigint IS NULL OR d.id = \(id))
              AND (\(eventID)::text IS NULL OR e.event_id = \(eventID))
            ORDER BY d.id LIMIT 1000
            """
        ).map { row in
            DeliveryRecord(
                id: try row.value("id"), eventID: try row.value("event_id"), hookID: try row.value("hook_id"),
                state: try row.value("state"), attempts: try row.value("attempts"),
                nextAttemptAt: try row.value("next_attempt_at"), lastStatus: try row.value("last_status"),
                lastError: try row.value("last_error"))
        }
    }

    /// A webhook of the store, whoever owns it.
    public func hook(id: Int64, storeHash: String) async throws -> Webhook? {
        try await row("SELECT * FROM hooks WHERE id = \(id) AND store_hash = \(storeHash)").map(Webhook.init(row:))
    }
}
