import HooklineCore
import PostgresNIO

extension PostgresStorage {
    /// Runs `DashboardSQL` in one read transaction.
    public func dashboardOverview(from: Int64, to: Int64, now: Int64) async throws -> DashboardOverview {
        try await readTransaction { session in
            try DashboardOverview(
                minutes: try await session.rows(DashboardSQL.attemptsPerMinute(from: from, to: to)),
                queue: try await session.row(DashboardSQL.queue(now: now)),
                blocked: try await session.row(DashboardSQL.blockedDomains(now: now)))
        }
    }
}
