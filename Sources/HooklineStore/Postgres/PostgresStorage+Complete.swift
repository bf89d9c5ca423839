import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Completing

    /// Writes a batch of completions in one transaction, as `HooklineStorage.completeDeliveries`
    /// says: executes the writes its `CompletionPlan` lists. Notifies listeners when it made
    /// deliveries due.
    ///
    /// The batch costs a fixed number of statements, whatever its size: one per kind of outcome
    /// (arrays through `unnest`), one for the blocklist's window counts, and a few per destination
    /// host; only rare outcomes (exhausted retries, notices) add statements of their own.
    public func completeDeliveries(_ completions: [DeliveryCompletion], node: String, rules: CompletionRules, now: Int64)
        async throws -> Int
    {
        let plan = CompletionPlan(completions, now: now)
        guard !plan.isEmpty else { return 0 }
        return try await transaction { session in
            var madeDue = false
            if !plan.released.isEmpty {
                let rows = try await session.rows(QueueSQL.release(ids: plan.released, node: node, now: now, dialect: .postgres))
                if !rows.isEmpty { madeDue = true }
            }
            if !plan.cancelled.isEmpty {
                try await session.execute(QueueSQL.cancel(ids: plan.cancelled, node: node, now: now, dialect: .postgres))
            }
            guard !plan.attempts.isEmpty else {
                if madeDue { try await Self.notifyDeliveries(session) }
                return 0
            }
            try await session.execute(InsertAttemptsStatement(attempts: plan.attempts, node: node))
            let applied = Set(
                try await session.rows(ApplyDecisionsStatement(moves: plan.moves, now: now, node: node))
                    .map { try $0.value("id", as: Int64.self) })
            if !plan.window.counts.isEmpty {
                try await session.execute(RecordWindowStatement(entries: plan.window.sortedEntries))
            }
            let followUp = plan.followUp(applied: applied, rules: rules)
            var notices = 0
            for step in followUp.steps { notices += try await Self.execute(session, step, now: now) }
            for check in followUp.blocklistChecks {
                notices += try await Self.judge(session, check, policy: rules.blocklist, now: now)
            }
            if madeDue || followUp.makesDeliveriesDue || notices > 0 { try await Self.notifyDeliveries(session) }
            return notices
        }
    }

    /// Executes one follow-up step; returns the notices it created.
    static func execute(_ session: PostgresSession, _ step: CompletionFollowUp.Step, now: Int64) async throws -> Int {
        switch step {
        case .closeHook(let hookID, let eventSeq):
            try await session.execute(CompletionSQL.deactivateHook(id: hookID, nowSeconds: now / 1000))
            try await session.execute(CompletionSQL.keepInEventsHistory(hookID: hookID, eventSeq: eventSeq, nowSeconds: now / 1000))
            return 0
        case .retryingNotice(let notice, let interval):
            let claim = CompletionSQL.claimRetryingNotice(
                clientID: notice.owner.clientID, destination: notice.destination, interval: interval, nowSeconds: now / 1000)
            guard try await session.row(claim) != nil else { return 0 }
            return try await raise(session, notice, now: now)
        case .notice(let notice):
            return try await raise(session, notice, now: now)
        }
    }

    /// Creates a delivery exception notice for the owner's exception hook, if it has an active one;
    /// returns how many it created.
    static func raise(_ session: PostgresSession, _ notice: DeliveryNotice, now: Int64) async throws -> Int {
        guard let row = try await session.row(CompletionSQL.exceptionHook(owner: notice.owner)) else { return 0 }
        let target = HookTarget(
            id: try row.integer("id"), clientID: notice.owner.clientID, scope: DeliveryExceptionCode.scope,
            destination: try row.text("destination"))
        _ = try await insertEvent(
            session, notice.event(now: now), storeHash: notice.owner.storeHash, storeID: try row.integer("store_id"),
            hooks: [target], now: now)
        return 1
    }
}
