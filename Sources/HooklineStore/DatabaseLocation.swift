/// Where Hookline keeps its data, parsed from `--database`.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite file at this path (`sqlite:PATH` or `sqlite://PATH`).
    case sqlite(path: String)
    /// A PostgreSQL server (`postgres://user:pass@host:port/db`).
    case postgres(url: String)

    /// The default: `hookline.sqlite` in the working directory.
    public static let defaultSQLite = DatabaseLocation.sqlite(path: "./hookline.sqlite")

    /// Parses a database URL; throws `DatabaseLocationError` with a usage message if it is not one.
    public init(parsing text: String) throws(DatabaseLocationError) {
        if text.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw DatabaseLocationError(text: text)
        }
        if case .sqlite(let path) = self, path.isEmpty { throw DatabaseLocationError(text: text) }
    }
}

/// A `--database` value that names no supported database.
public struct DatabaseLocationError: Error, Sendable, CustomStringConvertible {
    /// The value given.
    public var text: String
    /// A message with the accepted forms.
    public var description: String {
        "unsupported database '\(text)': use sqlite:PATH (e.g. sqlite:./hookline.sqlite) or postgres://user:pass@host:port/db"
    }
}
