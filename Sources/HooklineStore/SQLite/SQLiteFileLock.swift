import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One process's exclusive claim on an SQLite database: an advisory `flock` on a lock file beside
/// it (`PATH.lock`), held while this object lives. The kernel drops the lock when the process ends,
/// however it ends (`kill -9` included), so a stale lock file never blocks a restart.
///
/// `hookline serve` holds one for its whole life: an SQLite database serves one node, and a second
/// node on the same file would deliver everything twice.
public final class SQLiteFileLock: Sendable {
    /// The open lock file; closing it releases the lock.
    private let descriptor: Int32
    /// The lock file's path.
    public let lockPath: String

    /// Takes the lock for the database at `databasePath`, creating the lock file if needed; throws
    /// `SQLiteFileLockError` at once (without waiting) if another process holds it.
    public init(databasePath: String) throws(SQLiteFileLockError) {
        let lockPath = databasePath + ".lock"
        let directory = URL(fileURLWithPath: lockPath).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SQLiteFileLockError.cannotOpen(lockPath: lockPath, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno
            close(descriptor)
            if error == EWOULDBLOCK { throw SQLiteFileLockError.held(databasePath: databasePath, lockPath: lockPath) }
            throw SQLiteFileLockError.cannotOpen(lockPath: lockPath, reason: String(cString: strerror(error)))
        }
        self.descriptor = descriptor
        self.lockPath = lockPath
    }

    deinit { close(descriptor) }
}

/// Why an SQLite database could not be claimed.
public enum SQLiteFileLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process serves this database.
    case held(databasePath: String, lockPath: String)
    /// The lock file could not be opened or locked.
    case cannotOpen(lockPath: String, reason: String)

    /// A message for the operator.
    public var description: String {
        switch self {
        case .held(let databasePath, let lockPath):
            "another process serves the SQLite database \(databasePath) (it holds \(lockPath)): an SQLite database serves one node; stop that process, or use PostgreSQL for several nodes"
        case .cannotOpen(let lockPath, let reason):
            "cannot lock \(lockPath): \(reason)"
        }
    }
}
