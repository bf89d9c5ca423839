import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server tests may use: `HOOKLINE_TEST_POSTGRES_URL` (an admin URL such as
/// `postgres://postgres@127.0.0.1:55432/postgres`). Each test makes its own database on it.
public struct TestPostgres: Sendable {
    /// The admin URL, if the environment names a server.
    public static var adminURL: String? {
        guard let url = ProcessInfo.processInfo.environment["HOOKLINE_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Whether the test run asks every storage-backed test to use PostgreSQL (`HOOKLINE_TEST_STORAGE=postgres`).
    public static var isSelected: Bool {
        ProcessInfo.processInfo.environment["HOOKLINE_TEST_STORAGE"] == "postgres"
    }

    /// A database's URL.
    public var url: String

    /// Wraps a database URL.
    public init(url: String) { self.url = url }

    /// Creates a new, empty database on the server and returns its URL.
    public static func createDatabase(adminURL: String) async throws -> String {
        let name = "hookline_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        _ = try await TestPostgres(url: adminURL).scalar("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: adminURL) else { throw TestPostgresError(description: "bad URL \(adminURL)") }
        components.path = "/\(name)"
        return components.string ?? adminURL
    }

    /// Runs one statement and returns the first column of its first row as text (DDL returns `nil`).
    @discardableResult
    public func scalar(_ sql: String) async throws -> String? {
        guard let components = URLComponents(string: url) else { throw TestPostgresError(description: "bad URL \(url)") }
        var logger = Logger(label: "test-postgres")
        logger.logLevel = .critical
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            var value: String?
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) where value == nil {
                value = try row.decode(String?.self)
            }
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// A test database URL that could not be used.
public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String
}
