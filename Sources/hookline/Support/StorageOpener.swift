import Foundation
import HooklineStore
import Logging

/// Opens the storage named by `--database`.
enum StorageOpener {
    /// Storage of one kind, opened.
    enum Opened {
        /// An SQLite file, migrated and ready, with this process's lock on it (keep it while serving).
        case sqlite(SQLiteStorage, SQLiteFileLock)
        /// A PostgreSQL client; run it and migrate before use.
        case postgres(PostgresStorage)
    }

    /// Opens `database`. An SQLite file is first locked for this process (refused, with a message,
    /// if another process serves it); owning it, the leases a crashed predecessor left are taken
    /// back at once, so its in-flight deliveries are due now rather than when their leases end.
    /// PostgreSQL is connected to once first, so a bad address or certificate stops the start with its reason.
    static func open(_ database: String, logger: Logger) async throws -> Opened {
        switch try DatabaseLocation(parsing: database) {
        case .sqlite(let path):
            logger.info("using SQLite", metadata: ["path": "\(path)"])
            let lock: SQLiteFileLock
            do { lock = try SQLiteFileLock(databasePath: path) } catch { throw CommandFailure(error.description) }
            let storage = try SQLiteStorage(path: path)
            let taken = try await storage.takeBackLeases(now: Int64(Date().timeIntervalSince1970 * 1000))
            if taken > 0 { logger.notice("took back the leases a previous process left", metadata: ["deliveries": "\(taken)"]) }
            return .sqlite(storage, lock)
        case .postgres(let url):
            logger.info("using PostgreSQL")
            try await PostgresStorage.checkConnection(url: url, logger: logger)
            return .postgres(try PostgresStorage(url: url, logger: logger))
        }
    }
}

/// A failure with a message for the person at the terminal; `main` prints it and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
