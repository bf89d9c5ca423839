import GRDB
import HooklineCore

extension SQLiteStorage {
    /// Runs `DashboardStatements` in one read.
    public func dashboardOverview(from: Int64, to: Int64, now: Int64) async throws -> DashboardOverview {
        try await pool.read { db in
            let minutes = try Row.fetchAll(db, sql: DashboardStatements.attemptsPerMinute, arguments: [from, to]).map {
                (minute: $0["minute"] as Int64, ok: $0["ok"] as Int64, total: $0["total"] as Int64)
            }
            let queue = try Row.fetchOne(db, sql: DashboardStatements.queue, arguments: [now, now])
            let blocked = try Int64.fetchOne(db, sql: DashboardStatements.blockedDomains, arguments: [now / 1000]) ?? 0
            return DashboardStatements.overview(
                minutes: minutes, queued: queue?["queued"] ?? 0, inFlight: queue?["in_flight"] ?? 0, blocked: blocked)
        }
    }
}
