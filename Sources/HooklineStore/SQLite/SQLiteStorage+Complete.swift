import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Completing

    /// Writes a batch of completions in one transaction, as `HooklineStorage.completeDeliveries`
    /// says: executes the writes its `CompletionPlan` lists, a cached statement per row.
    public func completeDeliveries(_ completions: [DeliveryCompletion], node: String, rules: CompletionRules, now: Int64)
        async throws -> Int
    {
        let plan = CompletionPlan(completions, now: now)
        guard !plan.isEmpty else { return 0 }
        return try await pool.write { db in
            if !plan.released.isEmpty { try db.execute(QueueSQL.release(ids: plan.released, node: node, now: now, dialect: .sqlite)) }
            if !plan.cancelled.isEmpty { try db.execute(QueueSQL.cancel(ids: plan.cancelled, node: node, now: now, dialect: .sqlite)) }
            for attempt in plan.attempts { try Self.insertAttempt(db, attempt, node: node) }
            var applied: Set<Int64> = []
            for move in plan.moves where try Self.apply(db, move, node: node, now: now) { applied.insert(move.deliveryID) }
            try Self.recordWindow(db, plan.window)
            let followUp = plan.followUp(applied: applied, rules: rules)
            var notices = 0
            for step in followUp.steps { notices += try Self.execute(db, step, now: now) }
            for check in followUp.blocklistChecks { notices += try Self.judge(db, check, policy: rules.blocklist, now: now) }
            return notices
        }
    }

    /// Records one attempt in the attempt log.
    static func insertAttempt(_ db: Database, _ attempt: CompletionPlan.Attempt, node: String) throws {
        let delivery = attempt.delivery
        let result = attempt.result
        try db.cachedStatement(
            sql: """
                INSERT INTO attempts (delivery_id, event_seq, hook_id, store_hash, client_id, host, attempt_number, succeeded,
                                      status_code, error_class, error_message, response_excerpt, started_at, duration_ms, node,
                                      concurrency_limit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            delivery.deliveryID, delivery.eventSeq, delivery.hookID, delivery.owner.storeHash, delivery.owner.clientID,
            delivery.host, delivery.attempt, result.succeeded, result.statusCode, result.errorClass?.rawValue,
            result.errorMessage, result.responseExcerpt, result.startedAtMilliseconds, result.durationMilliseconds, node,
            result.concurrencyLimit,
        ])
    }

    /// Moves the delivery to its next state if `node` still holds its lease; returns whether it did.
    static func apply(_ db: Database, _ move: DeliveryMove, node: String, now: Int64) throws -> Bool {
        try db.cachedStatement(
            sql: """
                UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, last_status = ?,
                                      last_error = ?, updated_at = ?
                WHERE id = ? AND lease_owner = ? AND state = 'pending'
                """
        ).execute(arguments: [
            move.state.rawValue, move.attempts, move.nextAttemptAt, move.lastStatus, move.lastError, now, move.deliveryID, node,
        ])
        return db.changesCount > 0
    }

    /// Adds a batch's attempts to the blocklist's per-second window counts.
    static func recordWindow(_ db: Database, _ tally: AttemptWindowTally) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO attempt_windows (client_id, host, second, attempts, successes) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (client_id, host, second) DO UPDATE SET attempts = attempts + excluded.attempts,
                    successes = successes + excluded.successes
                """)
        for (key, counts) in tally.sortedEntries {
            try upsert.execute(arguments: [key.clientID, key.host, key.second, counts.attempts, counts.successes])
        }
    }

    /// Executes one follow-up step; returns the notices it created.
    static func execute(_ db: Database, _ step: CompletionFollowUp.Step, now: Int64) throws -> Int {
        switch step {
        case .closeHook(let hookID, let eventSeq):
            try db.execute(CompletionSQL.deactivateHook(id: hookID, nowSeconds: now / 1000))
            try db.execute(CompletionSQL.keepInEventsHistory(hookID: hookID, eventSeq: eventSeq, nowSeconds: now / 1000))
            return 0
        case .retryingNotice(let notice, let interval):
            let claim = CompletionSQL.claimRetryingNotice(
                clientID: notice.owner.clientID, destination: notice.destination, interval: interval, nowSeconds: now / 1000)
            guard try db.row(claim) != nil else { return 0 }
            return try raise(db, notice, now: now)
        case .notice(let notice):
            return try raise(db, notice, now: now)
        }
    }

    /// Creates a delivery exception notice for the owner's exception hook, if it has an active one;
    /// returns how many it created.
    static func raise(_ db: Database, _ notice: DeliveryNotice, now: Int64) throws -> Int {
        guard let row = try db.row(CompletionSQL.exceptionHook(owner: notice.owner)) else { return 0 }
        let target = HookTarget(
            id: try row.integer("id"), clientID: notice.owner.clientID, scope: DeliveryExceptionCode.scope,
            destination: try row.text("destination"))
        try insertEvent(
            db, notice.event(now: now), storeHash: notice.owner.storeHash, storeID: try row.integer("store_id"),
            hooks: [target], now: now)
        return 1
    }
}
