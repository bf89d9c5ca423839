/// A statement both stores run as written: SQL with `?` placeholders, and its arguments in order.
/// Each store renders the SQL in its dialect (`SQLDialect.render`) and binds the arguments.
struct SQLStatement: Sendable {
    /// The SQL, with `?` placeholders.
    var sql: String
    /// One argument per placeholder, in order.
    var arguments: [SQLValue]

    /// Creates a statement.
    init(_ sql: String, _ arguments: [SQLValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }
}
