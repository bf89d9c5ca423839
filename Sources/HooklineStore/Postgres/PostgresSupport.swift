import Foundation
import Logging
import PostgresNIO

/// A `postgres://` URL that `PostgresStorage` cannot use.
public struct PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with it.
    public var description: String
}

extension PostgresClient.Configuration {
    /// Parses `postgres://user:pass@host:port/db` (also `postgresql://`). Defaults as libpq's: host
    /// `localhost`, port 5432, user `postgres`, database = user. Percent-escapes in the user,
    /// password and database are decoded. The TLS parameters (`sslmode`, `sslrootcert`, `sslcert`,
    /// `sslkey`) are read by `PostgresTLSSettings`; other query parameters are ignored.
    static func hookline(url text: String) throws(PostgresURLError) -> Self {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw PostgresURLError(description: "not a postgres:// URL: use postgres://user:pass@host:port/db") }
        let tls = try PostgresTLSSettings(queryItems: components.queryItems ?? [])
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw PostgresURLError(description: "invalid port \(port) in the database URL") }
        let username = try decoded(components.percentEncodedUser, "user").flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        let password = try decoded(components.percentEncodedPassword, "password")
        let path = components.percentEncodedPath.drop(while: { $0 == "/" })
        guard !path.contains("/") else { throw PostgresURLError(description: "the database URL's path must be one database name") }
        let database = try decoded(String(path), "database name").flatMap { $0.isEmpty ? nil : $0 }
        return Self(
            host: host, port: port, username: username, password: password, database: database ?? username,
            tls: try tls.clientTLS())
    }

    /// A URL part with its percent-escapes decoded once.
    private static func decoded(_ part: String?, _ name: String) throws(PostgresURLError) -> String? {
        guard let part else { return nil }
        guard let decoded = part.removingPercentEncoding else {
            throw PostgresURLError(description: "invalid percent-escape in the database URL's \(name)")
        }
        return decoded
    }
}

/// A connection leased for one of the storage's transactions (or statements), with the logger to use.
struct PostgresSession: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// Runs a statement and returns its first row, if any.
    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? { try await rows(query).first }

    /// Runs a statement whose rows, if any, do not matter.
    func execute(_ query: PostgresQuery) async throws { _ = try await rows(query) }

    /// Holds a transaction-scoped advisory lock on `key` in `namespace` until the transaction ends.
    func lock(_ namespace: PostgresSchema.LockNamespace, _ key: String) async throws {
        try await execute(AdvisoryLockStatement(namespace: namespace.rawValue, key: key))
    }
}

extension PostgresRandomAccessRow {
    /// The value of a column, decoded; throws (instead of trapping) if the query has no such column.
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard contains(column) else { throw PostgresStorageInternalError.missingColumn(column) }
        return try self[column].decode(Value.self)
    }
}

/// A mismatch between a query and the code reading it: a bug, never the data's fault.
enum PostgresStorageInternalError: Error {
    /// The query returned no such column.
    case missingColumn(String)
    /// A statement that always returns a row returned none.
    case missingRow
    /// A publish's insert returned a leased delivery of an event or webhook the publish did not give it.
    case unknownLeasedDelivery
}

extension PostgresStorage {
    /// The channel `publish` (and every other write that makes deliveries due) notifies.
    static let deliveriesChannel = "hookline_deliveries"

    /// SQLSTATEs of transactions PostgreSQL aborted only because of concurrent ones: deadlock
    /// detected, serialization failure. Running such a transaction again is safe (it changed nothing).
    private static let transientStates: Set<String> = ["40P01", "40001"]

    /// How many times a transaction aborted by a transient conflict is run again before giving up.
    private static let transientRetries = 8

    /// How long to wait before running an aborted transaction again: random, and longer after each
    /// retry, so that transactions that deadlocked each other (publishes of the same event ids in
    /// opposite orders, say) do not meet again at once.
    static func conflictBackoff(retry: Int) -> Duration {
        .microseconds(Int.random(in: 500...(1000 << min(retry, 6))))
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws. An error
    /// from `body` comes out as itself (not wrapped), so `StorageError`s reach the caller unchanged.
    /// A transaction aborted by a deadlock or serialization failure is run again from the start.
    func transaction<Result: Sendable>(_ body: (PostgresSession) async throws -> Result) async throws -> Result {
        var retries = 0
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await body(PostgresSession(connection: connection, logger: logger))
                }
            } catch let error as PostgresTransactionError {
                let underlying = error.closureError ?? error.commitError ?? error.beginError ?? error
                if retries < Self.transientRetries, let sqlState = (underlying as? PSQLError)?.serverInfo?[.sqlState],
                    Self.transientStates.contains(sqlState)
                {
                    retries += 1
                    logger.debug("retrying a transaction after a conflict", metadata: ["sqlstate": "\(sqlState)"])
                    try await Task.sleep(for: Self.conflictBackoff(retry: retries))
                    continue
                }
                throw underlying
            }
        }
    }

    /// Runs `body` in one read-only transaction on one snapshot (`REPEATABLE READ`), so several
    /// statements (a count and a page) agree.
    func readTransaction<Result: Sendable>(_ body: (PostgresSession) async throws -> Result) async throws -> Result {
        try await transaction { session in
            try await session.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return try await body(session)
        }
    }

    /// Runs one statement (its own transaction) and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await client.withConnection { connection in
            try await PostgresSession(connection: connection, logger: logger).rows(query)
        }
    }

    /// Runs one statement (its own transaction) and returns its first row, if any.
    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? { try await rows(query).first }
}
