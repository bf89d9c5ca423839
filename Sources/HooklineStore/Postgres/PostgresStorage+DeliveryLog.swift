import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Delivery log and operator actions

    /// A page of attempts, newest first (count and page read from one snapshot).
    public func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord> {
        try await readTransaction { session in
            let total = try await session.row(DeliveryLogSQL.attemptCount(filter))?.int("total") ?? 0
            let records = try await session.rows(DeliveryLogSQL.attempts(filter, page: page)).map(AttemptRecord.init(row:))
            return Page(items: records, total: total, request: page)
        }
    }

    /// Makes one delivery of the store due now (the row locked while deciding); notifies listeners.
    public func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome {
        try await transaction { session in
            guard let row = try await session.row(DeliveryLogSQL.deliveryLease(id: id, storeHash: storeHash, dialect: .postgres))
            else { return .notFound }
            let state = DeliveryState(rawValue: try row.text("state"))
            if state?.isLeased(
                leaseOwner: try row.optionalText("lease_owner"), nextAttemptAt: try row.integer("next_attempt_at"), now: now) == true
            {
                return .inFlight
            }
            try await session.execute(DeliveryLogSQL.makeDue(id: id, now: now))
            try await Self.notifyDeliveries(session)
            return .scheduled
        }
    }

    /// Creates a new delivery to the webhook for each of the store's events created in
    /// `since...until` (Unix seconds) whose scope it matches; returns how many, and notifies listeners if any.
    public func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int {
        try await transaction { session in
            guard
                let hook = try await session.row(DeliveryLogSQL.replayTarget(hookID: hookID, storeHash: storeHash))
                    .map(HookTarget.init(row:))
            else { return 0 }
            let seqs = try await session.rows(DeliveryLogSQL.replayedEvents(storeHash: storeHash, since: since, until: until))
                .filter { ScopeCatalog.matches(subscription: hook.scope, event: try $0.text("scope")) }
                .map { try $0.integer("seq") }
            guard !seqs.isEmpty else { return 0 }
            try await Self.insertDeliveries(session, eventSeqs: seqs, hook: hook, storeHash: storeHash, now: now)
            try await Self.notifyDeliveries(session)
            return seqs.count
        }
    }

    /// Inserts one pending delivery to `hook` per event in `eventSeqs`.
    static func insertDeliveries(
        _ session: PostgresSession, eventSeqs: [Int64], hook: HookTarget, storeHash: String, now: Int64
    ) async throws {
        try await session.execute(
            """
            INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, next_attempt_at, created_at,
                                    updated_at, hook_limited)
            SELECT seq, \(hook.id), \(storeHash), \(hook.clientID), \(hook.host), 'pending',
                   \(now), \(now), \(now), \(hook.settings.limitsClaims)
            FROM unnest(\(eventSeqs)::bigint[]) WITH ORDINALITY AS event(seq, position)
            ORDER BY position
            """)
    }
    /// The deliveries of the store: one by id, or all of one event (publisher's id), in id order.
    public func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord] {
        try await rows(DeliveryLogSQL.deliveries(storeHash: storeHash, id: id, eventID: eventID)).map(DeliveryRecord.init(row:))
    }

    /// A webhook of the store, whoever owns it.
    public func hook(id: Int64, storeHash: String) async throws -> Webhook? {
        try await row(HookSQL.hook(id: id, storeHash: storeHash)).map(Webhook.init(row:))
    }
}
