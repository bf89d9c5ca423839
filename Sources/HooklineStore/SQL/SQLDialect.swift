/// What the two stores' SQL spells differently, so a statement they agree on is written once
/// (`SQLStatement`) and each store renders it in its own dialect.
///
/// Both dialects share `ON CONFLICT … DO UPDATE SET … = excluded.…` upserts, `RETURNING`, and
/// boolean columns read as conditions (`WHERE succeeded`, `NOT succeeded`); times are parameters
/// (the caller's clock), never the database's `now()`. What differs: placeholders (`?` against
/// `$1`, `$2`, …) and row locks (`FOR UPDATE`, where SQLite's single writer needs none).
enum SQLDialect: Sendable {
    /// SQLite through GRDB.
    case sqlite
    /// PostgreSQL through PostgresNIO.
    case postgres

    /// `sql` with its `?` placeholders numbered as this dialect wants them. Statements written once
    /// hold no `?` other than placeholders (no string literal contains one).
    func render(_ sql: String) -> String {
        switch self {
        case .sqlite:
            return sql
        case .postgres:
            var rendered = ""
            rendered.reserveCapacity(sql.utf8.count + 16)
            var index = 0
            for character in sql {
                if character == "?" {
                    index += 1
                    rendered += "$\(index)"
                } else {
                    rendered.append(character)
                }
            }
            return rendered
        }
    }

    /// The clause that locks the rows a `SELECT` read until the transaction ends; empty where writes
    /// are serialised anyway.
    var lockingClause: String {
        switch self {
        case .sqlite: ""
        case .postgres: "FOR UPDATE"
        }
    }

    /// A subquery of the ids bound to one `SQLValue.integers` placeholder, for `id IN …`: SQLite
    /// reads them from a JSON array, PostgreSQL from an array.
    var idList: String {
        switch self {
        case .sqlite: "(SELECT value FROM json_each(?))"
        case .postgres: "(SELECT unnest(?::bigint[]))"
        }
    }
}
