import HooklineCore
import PostgresNIO

extension PostgresStorage {
    /// Runs `DashboardStatements` in one read transaction.
    public func dashboardOverview(from: Int64, to: Int64, now: Int64) async throws -> DashboardOverview {
        func query(_ sql: String, _ values: [Int64]) -> PostgresQuery {
            var bindings = PostgresBindings()
            for value in values { bindings.append(value) }
            return PostgresQuery(unsafeSQL: DashboardStatements.postgresText(sql), binds: bindings)
        }
        return try await readTransaction { session in
            let minutes = try await session.rows(query(DashboardStatements.attemptsPerMinute, [from, to])).map {
                (minute: try $0.value("minute", as: Int64.self), ok: try $0.value("ok", as: Int64.self),
                 total: try $0.value("total", as: Int64.self))
            }
            let queue = try await session.row(query(DashboardStatements.queue, [now, now]))
            let blocked = try await session.row(query(DashboardStatements.blockedDomains, [now / 1000]))
            return DashboardStatements.overview(
                minutes: minutes, queued: try queue?.value("queued") ?? 0, inFlight: try queue?.value("in_flight") ?? 0,
                blocked: try blocked?.value("blocked") ?? 0)
        }
    }
}
