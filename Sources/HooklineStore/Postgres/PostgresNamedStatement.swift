import PostgresNIO

/// A statement that each pooled connection prepares once, under its type's name, and then only
/// binds and runs: PostgreSQL parses and plans it on a connection's first use (and after five
/// runs may keep a generic plan), not on every run.
///
/// An unnamed statement (a `PostgresQuery`) is parsed and planned on every run. Measured with
/// `pg_stat_statements` at 300 single-event publishes/s, planning took longer than running for
/// the statements of the publish, claim and completion paths (1.2 ms of planning against 0.16 ms
/// of running for the leased deliveries' read). Those statements are named; rarer ones (operator
/// actions, notices, hook management) stay unnamed.
///
/// A conforming type is the statement's parameters; its `sql` numbers them (`$1`, …) in the order
/// `makeBindings` appends them. Rows come back as `PostgresRandomAccessRow`s, read by column name.
protocol PostgresNamedStatement: PostgresPreparedStatement where Row == PostgresRandomAccessRow {}

extension PostgresNamedStatement {
    /// A row, readable by column name.
    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}

extension PostgresSession {
    /// Runs a named statement and collects its rows.
    func rows<Statement: PostgresNamedStatement>(_ statement: Statement) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }

    /// Runs a named statement and returns its first row, if any.
    func row<Statement: PostgresNamedStatement>(_ statement: Statement) async throws -> PostgresRandomAccessRow? {
        try await rows(statement).first
    }

    /// Runs a named statement whose rows, if any, do not matter.
    func execute<Statement: PostgresNamedStatement>(_ statement: Statement) async throws { _ = try await rows(statement) }
}

extension PostgresStorage {
    /// Runs one named statement (its own transaction) and collects its rows.
    func rows<Statement: PostgresNamedStatement>(_ statement: Statement) async throws -> [PostgresRandomAccessRow] {
        try await client.withConnection { connection in
            try await PostgresSession(connection: connection, logger: logger).rows(statement)
        }
    }

    /// Runs one named statement (its own transaction) and returns its first row, if any.
    func row<Statement: PostgresNamedStatement>(_ statement: Statement) async throws -> PostgresRandomAccessRow? {
        try await rows(statement).first
    }
}
