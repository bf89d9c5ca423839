import Foundation
import HooklineStore
import Logging
import PostgresNIO

/// The PostgreSQL server tests may use: `HOOKLINE_TEST_POSTGRES_URL` (an admin URL such as
/// `postgres://postgres@127.0.0.1:55432/postgres`, with libpq's TLS parameters if the server needs
/// them: `?sslmode=verify-full&sslrootcert=ca.pem`). Each test makes its own database on it, with
/// the same parameters.
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

    /// Test databases older than this are left over from an earlier run (a test's own lives for
    /// seconds); the next run drops them.
    static let leftoverAgeSeconds = 900

    /// Creates a new, empty database on the server and returns its URL.
    ///
    /// The name carries its creation time: the first database a test process makes on a server
    /// drops the test databases that earlier runs left there (older than `leftoverAgeSeconds`, so a
    /// run still going in another process keeps its own).
    public static func createDatabase(adminURL: String) async throws -> String {
        await LeftoverSweep.shared.once { try await dropLeftovers(adminURL: adminURL) }
        let created = Int(Date().timeIntervalSince1970)
        let name = "\(namePrefix)\(created)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        _ = try await TestPostgres(url: adminURL).scalar("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: adminURL) else { throw TestPostgresError(description: "bad URL \(adminURL)") }
        components.path = "/\(name)"
        return components.string ?? adminURL
    }

    /// How every database `createDatabase` makes is named: this, its creation time (Unix seconds), `_`, a UUID.
    static let namePrefix = "hookline_test_t"

    /// Drops the databases `createDatabase` made longer than `leftoverAgeSeconds` ago.
    static func dropLeftovers(adminURL: String) async throws {
        let admin = TestPostgres(url: adminURL)
        let oldest = Int(Date().timeIntervalSince1970) - leftoverAgeSeconds
        for name in try await admin.column("SELECT datname FROM pg_database WHERE starts_with(datname, '\(namePrefix)')").compactMap({ $0 }) {
            guard let created = Int(name.dropFirst(namePrefix.count).prefix { $0 != "_" }), created < oldest else { continue }
            try await admin.scalar("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Runs one statement and returns the first column of its first row as text (DDL returns `nil`).
    @discardableResult
    public func scalar(_ sql: String) async throws -> String? {
        try await column(sql).first ?? nil
    }

    /// Runs one query and returns the first column of every row as text.
    public func column(_ sql: String) async throws -> [String?] {
        var logger = Logger(label: "test-postgres")
        logger.logLevel = .critical
        // The URL's own TLS settings (CI connects with sslmode=verify-full).
        let (configuration, _) = try PostgresStorage.connectionConfiguration(url: url)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            var values: [String?] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                values.append(try row.decode(String?.self))
            }
            try await connection.close()
            return values
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Runs a piece of work once per process: the first caller runs it, the rest wait for it to end.
actor LeftoverSweep {
    static let shared = LeftoverSweep()
    private var run: Task<Void, Never>?

    /// Runs `work` if no caller has yet; its failure is ignored (leftovers are only tidied).
    func once(_ work: @escaping @Sendable () async throws -> Void) async {
        if run == nil { run = Task { try? await work() } }
        await run?.value
    }
}

/// A test database URL that could not be used.
public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String
}
