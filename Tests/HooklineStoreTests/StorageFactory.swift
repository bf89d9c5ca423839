import Foundation
@testable import HooklineStore
import Logging
import PostgresNIO
import Testing

/// Makes storage of one kind; every storage test runs once per kind.
///
/// `all` is SQLite, plus PostgreSQL when `HOOKLINE_TEST_POSTGRES_URL` names a server (an admin URL
/// such as `postgres://postgres@127.0.0.1:55432/postgres`): each location is then a fresh database
/// created on that server and dropped after the test. If the variable is set and the server cannot
/// be reached, the PostgreSQL tests fail.
struct StorageFactory: Sendable, CustomTestStringConvertible {
    var name: String
    /// Opens storage at a location, ready to use (migrated); opening a location twice (even at once,
    /// like two nodes) reaches the same data.
    var open: @Sendable (_ location: String) async throws -> OpenedStorage
    /// Makes a new, empty location.
    var newLocation: @Sendable () async throws -> String
    /// Deletes a location, once everything opened on it is closed.
    var removeLocation: @Sendable (_ location: String) async throws -> Void

    var testDescription: String { name }

    static let sqlite = StorageFactory(
        name: "SQLite",
        open: { OpenedStorage(storage: try SQLiteStorage(path: $0), close: {}) },
        newLocation: {
            FileManager.default.temporaryDirectory
                .appendingPathComponent("hookline-store-tests-\(UUID().uuidString)/hookline.sqlite").path
        },
        removeLocation: { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: $0).deletingLastPathComponent().path) })

    /// PostgreSQL databases created on the server at `adminURL`.
    static func postgres(adminURL: String) -> StorageFactory {
        StorageFactory(
            name: "PostgreSQL",
            open: { location in
                let storage = try PostgresStorage(url: location, logger: storageLogger)
                let runner = Task.detached { await storage.run() }
                do {
                    try await storage.migrate()
                } catch {
                    runner.cancel()
                    await runner.value
                    throw error
                }
                return OpenedStorage(
                    storage: storage,
                    close: {
                        runner.cancel()
                        await runner.value
                    })
            },
            newLocation: {
                let database = "hookline_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
                try await PostgresAdmin(url: adminURL).execute("CREATE DATABASE \(database)")
                return try PostgresAdmin.url(adminURL, database: database)
            },
            removeLocation: { location in
                let database = try PostgresClient.Configuration.hookline(url: location).database ?? ""
                try await PostgresAdmin(url: adminURL).execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            })
    }

    /// The admin URL of the PostgreSQL server to test against, if any.
    static let postgresAdminURL: String? = ProcessInfo.processInfo.environment["HOOKLINE_TEST_POSTGRES_URL"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// Every storage kind this build has (PostgreSQL only when a server is configured).
    static let all: [StorageFactory] = [.sqlite] + (postgresAdminURL.map { [.postgres(adminURL: $0)] } ?? [])

    /// Runs `body` with a fresh, empty storage, then closes and removes it.
    func withStorage<Result>(_ body: (any HooklineStorage) async throws -> Result) async throws -> Result {
        try await withLocation { location in try await withOpened(location, body) }
    }

    /// Runs `body` with a new location, then removes it.
    func withLocation<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let location = try await newLocation()
        do {
            let result = try await body(location)
            try await removeLocation(location)
            return result
        } catch {
            try? await removeLocation(location)
            throw error
        }
    }

    /// Runs `body` with storage opened at `location`, then closes it.
    func withOpened<Result>(_ location: String, _ body: (any HooklineStorage) async throws -> Result) async throws -> Result {
        let opened = try await open(location)
        do {
            let result = try await body(opened.storage)
            await opened.close()
            return result
        } catch {
            await opened.close()
            throw error
        }
    }

    /// Runs `body` with `count` storages opened at once on `location`, like that many nodes, then closes them.
    func withNodes<Result>(_ count: Int, at location: String, _ body: ([any HooklineStorage]) async throws -> Result)
        async throws -> Result
    {
        var opened: [OpenedStorage] = []
        do {
            for _ in 0..<count { opened.append(try await open(location)) }
            let result = try await body(opened.map(\.storage))
            for node in opened { await node.close() }
            return result
        } catch {
            for node in opened { await node.close() }
            throw error
        }
    }
}

/// A storage opened by a factory, and how to close it.
struct OpenedStorage: Sendable {
    var storage: any HooklineStorage
    var close: @Sendable () async -> Void
}

/// Quiet logs: warnings and worse.
let testLogger: Logger = {
    var logger = Logger(label: "hookline.store-tests")
    logger.logLevel = .warning
    return logger
}()

/// The storage's own logger in tests: errors only, since PostgresNIO warns when the first query
/// (`migrate()`) races the detached `run()` task, which is harmless (the query waits for the pool).
let storageLogger: Logger = {
    var logger = Logger(label: "hookline.store-tests.postgres")
    logger.logLevel = .error
    return logger
}()

/// One-off statements on the admin database, over a single connection (fails at once if the server
/// cannot be reached, where a pool would keep retrying).
struct PostgresAdmin {
    var url: String

    /// Runs one statement (no parameters: DDL) and returns the first column of each row as text.
    @discardableResult
    func execute(_ sql: String) async throws -> [String] {
        let (configuration, _) = try PostgresStorage.connectionConfiguration(url: url)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: testLogger)
        do {
            var values: [String] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: testLogger) {
                values.append(try row.decode(String.self))
            }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// `url` with its database replaced.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw PostgresURLError(description: "bad URL \(url)") }
        components.path = "/\(database)"
        guard let result = components.string else { throw PostgresURLError(description: "bad URL \(url)") }
        return result
    }
}
