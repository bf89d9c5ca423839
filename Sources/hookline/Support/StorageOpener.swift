import HooklineStore
import Logging

/// Opens the storage named by `--database`.
enum StorageOpener {
    /// Storage of one kind, opened.
    enum Opened {
        /// An SQLite file, migrated and ready.
        case sqlite(SQLiteStorage)
        /// A PostgreSQL client; run it and migrate before use.
        case postgres(PostgresStorage)
    }

    static func open(_ database: String, logger: Logger) throws -> Opened {
        switch try DatabaseLocation(parsing: database) {
        case .sqlite(let path):
            logger.info("using SQLite", metadata: ["path": "\(path)"])
            return .sqlite(try SQLiteStorage(path: path))
        case .postgres(let url):
            logger.info("using PostgreSQL")
            return .postgres(try PostgresStorage(url: url, logger: logger))
        }
    }
}

/// A failure with a message for the person at the terminal; `main` prints it and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
