import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Claiming

    /// Leases due deliveries as `HooklineStorage.claimDeliveries` says. Each destination host is read
    /// through the `deliveries_host_due` index on its own (the hosts with pending work are listed by
    /// skipping through the same index), so a host with a large backlog, or one excluded as busy,
    /// costs one index seek rather than a scan past its rows. Deliveries of webhooks whose settings
    /// gate claims are claimed first, webhook by webhook (`limitedIDs`); this transaction is the
    /// only writer, so no other claim counts in between.
    public func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        guard limit > 0, perHostLimit > 0 else { return [] }
        return try await writeWithoutFsync { db in
            let limited = try Self.limitedIDs(
                db, now: now, limit: limit, perHostLimit: perHostLimit, excludingHosts: excludingHosts)
            let free = try Self.claimFree(
                db, now: now, limit: limit - limited.count, perHostLimit: perHostLimit, excludingHosts: excludingHosts)
            let chosen = limited + free
            guard !chosen.isEmpty else { return [] }
            let ids = try db.rows(LimitedClaimSQL.lease(ids: chosen, node: node, leaseUntil: leaseUntil, dialect: .sqlite))
                .map { try $0.integer("id") }
            guard !ids.isEmpty else { return [] }
            return try Self.claimedDeliveries(db, ids: ids, now: now)
        }
    }

    /// The limited deliveries to lease (see `HookClaimGate`), webhook by webhook, at most `limit`.
    static func limitedIDs(_ db: Database, now: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>) throws
        -> [Int64]
    {
        var chosen: [Int64] = []
        for hook in try db.rows(LimitedClaimSQL.hooks) where chosen.count < limit {
            let hookID = try hook.integer("hook_id")
            let inFlight = try db.row(LimitedClaimSQL.inFlight(hookID: hookID, now: now))?.int("in_flight") ?? 0
            let gate = try HookClaimGate(row: hook, inFlight: inFlight)
            let room = limit - chosen.count
            let readLimit = gate.candidateLimit(room: room, perHostLimit: perHostLimit)
            guard readLimit > 0 else { continue }
            let candidates = try db.rows(
                LimitedClaimSQL.candidates(hookID: hookID, headOnly: gate.readsHeadOnly, now: now, limit: readLimit)
            ).map(HookClaimGate.Candidate.init(row:))
            chosen += gate.chosen(
                from: candidates, now: now, room: room, perHostLimit: perHostLimit, excludingHosts: excludingHosts
            ).map(\.id)
        }
        return chosen
    }

    /// The due deliveries of webhooks without gated claims to lease, host by host, at most `limit`.
    static func claimFree(_ db: Database, now: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>) throws
        -> [Int64]
    {
        guard limit > 0 else { return [] }
        let hosts = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH RECURSIVE pending_hosts(host) AS (
                        SELECT MIN(host) FROM deliveries WHERE state = 'pending' AND NOT hook_limited
                        UNION ALL
                        SELECT (SELECT MIN(host) FROM deliveries
                                WHERE state = 'pending' AND NOT hook_limited AND host > pending_hosts.host)
                        FROM pending_hosts WHERE pending_hosts.host IS NOT NULL
                    )
                    SELECT host FROM pending_hosts WHERE host IS NOT NULL
                    """))
        let dueOfHost = try db.cachedStatement(
            sql: """
                SELECT id, next_attempt_at FROM deliveries
                WHERE state = 'pending' AND NOT hook_limited AND host = ? AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ?
                """)
        var candidates: [(id: Int64, due: Int64)] = []
        for host in hosts where !excludingHosts.contains(host) {
            let rows = try Row.fetchAll(dueOfHost, arguments: [host, now, min(limit, perHostLimit)])
            candidates.append(contentsOf: rows.map { (id: $0[0], due: $0[1]) })
        }
        // The longest-waiting deliveries first, across hosts.
        return candidates.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.prefix(limit).map(\.id)
    }

    /// The deliveries `ids`, just leased, with everything their attempts need, in id order.
    static func claimedDeliveries(_ db: Database, ids: [Int64], now: Int64) throws -> [ClaimedDelivery] {
        try db.rows(ClaimedDeliverySQL.leased(ids: ids, nowSeconds: now / 1000, dialect: .sqlite)).map(ClaimedDelivery.init(row:))
    }

    public func nextDeliveryDue() async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: QueueSQL.nextDueText))
        }
    }
}

extension Row: ClaimedDeliveryRow {
    func integer(_ column: ClaimedDeliverySQL.Column) throws -> Int64? { self[column.rawValue] }
    func text(_ column: ClaimedDeliverySQL.Column) throws -> String? { self[column.rawValue] }
}
