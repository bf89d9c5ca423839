import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Claiming

    /// Leases due deliveries as `HooklineStorage.claimDeliveries` says. Each destination host is read
    /// through the `deliveries_host_due` index on its own (the hosts with pending work are listed by
    /// skipping through the same index), so a host with a large backlog, or one excluded as busy,
    /// costs one index seek rather than a scan past its rows.
    public func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        guard limit > 0, perHostLimit > 0 else { return [] }
        return try await writeWithoutFsync { db in
            let hosts = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        WITH RECURSIVE pending_hosts(host) AS (
                            SELECT MIN(host) FROM deliveries WHERE state = 'pending'
                            UNION ALL
                            SELECT (SELECT MIN(host) FROM deliveries WHERE state = 'pending' AND host > pending_hosts.host)
                            FROM pending_hosts WHERE pending_hosts.host IS NOT NULL
                        )
                        SELECT host FROM pending_hosts WHERE host IS NOT NULL
                        """))
            let dueOfHost = try db.cachedStatement(
                sql: """
                    SELECT id, next_attempt_at FROM deliveries
                    WHERE state = 'pending' AND host = ? AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """)
            var candidates: [(id: Int64, due: Int64)] = []
            for host in hosts where !excludingHosts.contains(host) {
                let rows = try Row.fetchAll(dueOfHost, arguments: [host, now, min(limit, perHostLimit)])
                candidates.append(contentsOf: rows.map { (id: $0[0], due: $0[1]) })
            }
            guard !candidates.isEmpty else { return [] }
            // The longest-waiting deliveries first, across hosts.
            let chosen = candidates.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.prefix(limit).map(\.id)
            let idList = "[" + chosen.map(String.init).joined(separator: ",") + "]"
            let ids = try Int64.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE deliveries SET lease_owner = ?, next_attempt_at = ?
                        WHERE id IN (SELECT value FROM json_each(?)) AND state = 'pending'
                        RETURNING id
                        """), arguments: [node, leaseUntil, idList])
            guard !ids.isEmpty else { return [] }
            return try Self.claimedDeliveries(db, ids: ids, now: now)
        }
    }

    private static let claimedDeliveriesSQL = """
        SELECT \(ClaimedDeliverySQL.columns)
        FROM deliveries d
        \(ClaimedDeliverySQL.joins) ?
        WHERE d.id IN (SELECT value FROM json_each(?))
        ORDER BY d.id
        """

    /// The deliveries `ids`, just leased, with everything their attempts need, in id order.
    static func claimedDeliveries(_ db: Database, ids: [Int64], now: Int64) throws -> [ClaimedDelivery] {
        let idList = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: Self.claimedDeliveriesSQL), arguments: [now / 1000, idList])
        return try rows.map(ClaimedDelivery.init(row:))
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
