import PostgresNIO

extension PostgresRandomAccessRow: SQLRow {
    func optionalInteger(_ column: String) throws -> Int64? { try value(column, as: Int64?.self) }
    func optionalText(_ column: String) throws -> String? { try value(column, as: String?.self) }
    func optionalBoolean(_ column: String) throws -> Bool? { try value(column, as: Bool?.self) }
}

extension SQLStatement {
    /// The statement as PostgresNIO runs it (unnamed: these are not the hot paths' statements).
    var postgresQuery: PostgresQuery {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .integer(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .boolean(let value): bindings.append(value)
            case .integers(let values): bindings.append(values)
            }
        }
        return PostgresQuery(unsafeSQL: SQLDialect.postgres.render(sql), binds: bindings)
    }
}

extension PostgresSession {
    /// Runs a statement written for both stores and collects its rows.
    func rows(_ statement: SQLStatement) async throws -> [PostgresRandomAccessRow] { try await rows(statement.postgresQuery) }

    /// Runs a statement written for both stores and returns its first row, if any.
    func row(_ statement: SQLStatement) async throws -> PostgresRandomAccessRow? { try await rows(statement).first }

    /// Runs a statement written for both stores whose rows, if any, do not matter.
    func execute(_ statement: SQLStatement) async throws { _ = try await rows(statement) }
}

extension PostgresStorage {
    /// Runs one statement written for both stores (its own transaction) and collects its rows.
    func rows(_ statement: SQLStatement) async throws -> [PostgresRandomAccessRow] { try await rows(statement.postgresQuery) }

    /// Runs one statement written for both stores (its own transaction) and returns its first row, if any.
    func row(_ statement: SQLStatement) async throws -> PostgresRandomAccessRow? { try await rows(statement).first }
}
