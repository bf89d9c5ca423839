import HooklineStore
import Logging

/// Opens the storage named by `--database`.
enum StorageOpener {
    static func open(_ database: String, logger: Logger) throws -> any HooklineStorage {
        switch try DatabaseLocation(parsing: database) {
        case .sqlite(let path):
            logger.info("using SQLite", metadata: ["path": "\(path)"])
            return try SQLiteStorage(path: path)
        case .postgres:
            throw CommandFailure("PostgreSQL storage is not available in this build yet; use sqlite:PATH")
        }
    }
}

/// A failure with a message for the person at the terminal; `main` prints it and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
