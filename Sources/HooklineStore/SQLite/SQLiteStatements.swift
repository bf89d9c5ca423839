import GRDB

extension Row: SQLRow {
    func optionalInteger(_ column: String) throws -> Int64? {
        guard hasColumn(column) else { throw SQLRowError(column: column) }
        return self[column]
    }

    func optionalText(_ column: String) throws -> String? {
        guard hasColumn(column) else { throw SQLRowError(column: column) }
        return self[column]
    }

    func optionalBoolean(_ column: String) throws -> Bool? {
        guard hasColumn(column) else { throw SQLRowError(column: column) }
        return self[column]
    }
}

extension SQLStatement {
    /// The arguments as GRDB binds them.
    var sqliteArguments: StatementArguments {
        StatementArguments(
            arguments.map { argument -> (any DatabaseValueConvertible)? in
                switch argument {
                case .integer(let value): value
                case .text(let value): value
                case .boolean(let value): value
                case .integers(let values): "[" + values.map(String.init).joined(separator: ",") + "]"
                }
            })
    }
}

extension Database {
    /// Runs a statement written for both stores, through the connection's statement cache.
    func execute(_ statement: SQLStatement) throws {
        try cachedStatement(sql: statement.sql).execute(arguments: statement.sqliteArguments)
    }

    /// Runs a statement written for both stores and collects its rows.
    func rows(_ statement: SQLStatement) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: statement.sql), arguments: statement.sqliteArguments)
    }

    /// Runs a statement written for both stores and returns its first row, if any.
    func row(_ statement: SQLStatement) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: statement.sql), arguments: statement.sqliteArguments)
    }
}
