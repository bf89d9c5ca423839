import GRDB
import HooklineCore

extension SQLiteStorage {
    /// Runs `DashboardSQL` in one read.
    public func dashboardOverview(from: Int64, to: Int64, now: Int64) async throws -> DashboardOverview {
        try await pool.read { db in
            try DashboardOverview(
                minutes: try db.rows(DashboardSQL.attemptsPerMinute(from: from, to: to)),
                queue: try db.row(DashboardSQL.queue(now: now)), blocked: try db.row(DashboardSQL.blockedDomains(now: now)))
        }
    }
}
