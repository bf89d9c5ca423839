import PostgresNIO

/// A statement that each pooled connection prepares once, under its type's name, and then only
/// binds and runs: PostgreSQL parses and plans it on a connection's first use (and after five
/// runs may keep a generic plan), not on every run.
///
/// An unnamed statement (a `PostgresQuery`) is parsed and planned on every run. Measured with
/// `pg_stat_statements` at 300 single-event publishes/s, planning took longer than running for
/// the statements of the publish, claim and completion paths (the publish's insert: 0.41 ms of
/// planning against 0.73 ms of running; its webhooks' read: 0.14 ms against 0.04 ms). Those
/// statements are named; rarer ones (operator actions, notices, hook management) stay unnamed.
///
/// PostgreSQL may still plan a named statement on every run: when its plan depends on a
/// parameter's size, as for `id = ANY($1)` with a list of ids, the plan for a given list looks
/// cheaper than the generic one each time (see `PostgresStorage.leasedDeliveries`).
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
