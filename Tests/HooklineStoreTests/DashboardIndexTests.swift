import GRDB
@testable import HooklineStore
import PostgresNIO
import Testing

/// The overview's per-minute count of the last hour's attempts reads an index by start time, not
/// the whole attempt log, on both stores.
@Suite struct DashboardIndexTests {
    @Test(arguments: StorageFactory.all)
    func attemptsPerMinuteReadsTheIndexByStartTime(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            if let sqlite = storage as? SQLiteStorage {
                let statement = DashboardSQL.attemptsPerMinute(from: 0, to: 60_000)
                let plan = try await sqlite.pool.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(statement.sql)", arguments: [0, 60_000]).map { $0["detail"] as String }
                }
                #expect(plan.contains { $0.contains("COVERING INDEX attempts_started") }, "\(plan)")
            } else if let postgres = storage as? PostgresStorage {
                let rows = try await postgres.rows("SELECT indexdef FROM pg_indexes WHERE indexname = 'attempts_started'")
                let definition = try #require(try rows.first?["indexdef"].decode(String.self), "no index attempts_started")
                #expect(definition.contains("(started_at, succeeded)"), "\(definition)")
            } else {
                Issue.record("unknown storage \(type(of: storage))")
            }
        }
    }
}
