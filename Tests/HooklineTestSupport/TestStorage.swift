import Foundation
import HooklineStore
import Logging

/// The storage the API and delivery tests run on: SQLite files by default, fresh PostgreSQL
/// databases when `HOOKLINE_TEST_STORAGE=postgres` (CI runs those suites once each way).
public enum TestStorage {
    /// Storage opened for a test, and how to close it.
    public struct Opened: Sendable {
        public var storage: any HooklineStorage
        public var close: @Sendable () async -> Void
    }

    /// A new, unused location of the selected kind.
    public static func newLocation() async throws -> String {
        if TestPostgres.isSelected {
            guard let adminURL = TestPostgres.adminURL else {
                throw TestPostgresError(description: "HOOKLINE_TEST_STORAGE=postgres needs HOOKLINE_TEST_POSTGRES_URL")
            }
            return try await TestPostgres.createDatabase(adminURL: adminURL)
        }
        return FileManager.default.temporaryDirectory
            .appendingPathComponent("hookline-test-\(UUID().uuidString)/hookline.sqlite").path
    }

    /// Opens (and migrates) storage at a location made by `newLocation()`; opening it again later
    /// reaches the same data, as a restarted server would.
    public static func open(_ location: String) async throws -> Opened {
        guard location.hasPrefix("postgres") else {
            return Opened(storage: try SQLiteStorage(path: location), close: {})
        }
        var logger = Logger(label: "hookline-test-postgres")
        logger.logLevel = .critical
        // Tests run in parallel, each with its own pool: keep every pool small.
        let storage = try PostgresStorage(url: location, logger: logger, maxConnections: 3)
        let runner = Task { await storage.run() }
        do {
            try await storage.migrate()
        } catch {
            runner.cancel()
            throw error
        }
        return Opened(storage: storage, close: { runner.cancel() })
    }
}
