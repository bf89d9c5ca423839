import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Delivery log and operator actions

    public func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord> {
        try await pool.read { db in
            let total = try db.row(DeliveryLogSQL.attemptCount(filter))?.int("total") ?? 0
            let records = try db.rows(DeliveryLogSQL.attempts(filter, page: page)).map(AttemptRecord.init(row:))
            return Page(items: records, total: total, request: page)
        }
    }

    public func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome {
        let outcome = try await pool.write { db -> DeliveryRetryOutcome in
            guard let row = try db.row(DeliveryLogSQL.deliveryLease(id: id, storeHash: storeHash, dialect: .sqlite))
            else { return .notFound }
            let state = DeliveryState(rawValue: try row.text("state"))
            if state?.isLeased(
                leaseOwner: try row.optionalText("lease_owner"), nextAttemptAt: try row.integer("next_attempt_at"), now: now) == true
            {
                return .inFlight
            }
            try db.execute(DeliveryLogSQL.makeDue(id: id, now: now))
            return .scheduled
        }
        if outcome == .scheduled { newWorkBroadcast.announce() }
        return outcome
    }

    public func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int {
        let created = try await pool.write { db -> Int in
            guard let hook = try db.row(DeliveryLogSQL.replayTarget(hookID: hookID, storeHash: storeHash)).map(HookTarget.init(row:))
            else { return 0 }
            let events = try db.rows(DeliveryLogSQL.replayedEvents(storeHash: storeHash, since: since, until: until))
            var count = 0
            for event in events where ScopeCatalog.matches(subscription: hook.scope, event: try event.text("scope")) {
                try Self.insertDelivery(db, eventSeq: try event.integer("seq"), hook: hook, storeHash: storeHash, now: now)
                count += 1
            }
            return count
        }
        if created > 0 { newWorkBroadcast.announce() }
        return created
    }

    public func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord] {
        try await pool.read { db in
            try db.rows(DeliveryLogSQL.deliveries(storeHash: storeHash, id: id, eventID: eventID)).map(DeliveryRecord.init(row:))
        }
    }

    public func hook(id: Int64, storeHash: String) async throws -> Webhook? {
        try await pool.read { db in try db.row(HookSQL.hook(id: id, storeHash: storeHash)).map(Webhook.init(row:)) }
    }
}
