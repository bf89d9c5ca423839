import HooklineCore
import HooklineStore
import Synchronization

/// The operator admin token this node accepts: the digest stored in the database, cached for at
/// most `refreshInterval`, so a token rotated on this node is refused here at once, and on every
/// other node sharing the database within that interval, without a database read per request.
final class AdminCredential: Sendable {
    /// How long a read digest is trusted before it is read again.
    static let refreshInterval: Duration = .seconds(1)

    private struct Cached {
        var hash: String
        var readAt: ContinuousClock.Instant
    }

    private let storage: any HooklineStorage
    private let cached: Mutex<Cached>

    /// Starts with `hash`, the digest in force at start (`now`).
    init(storage: any HooklineStorage, hash: String, now: ContinuousClock.Instant) {
        self.storage = storage
        cached = Mutex(Cached(hash: hash, readAt: now))
    }

    /// Whether `token` is the admin token in force at `now`.
    func accepts(_ token: String, now: ContinuousClock.Instant) async throws -> Bool {
        var hash = cached.withLock { $0.readAt + Self.refreshInterval > now ? $0.hash : nil }
        if hash == nil {
            let stored = try await storage.adminTokenHash()
            hash = cached.withLock { cache in
                if let stored { cache = Cached(hash: stored, readAt: now) }
                return cache.hash
            }
        }
        return Credentials.token(token, matches: hash ?? "")
    }

    /// Replaces the admin token with a new random one and returns it (its only appearance): the
    /// old one is refused from now on.
    func rotate(now: ContinuousClock.Instant) async throws -> String {
        let token = Credentials.newAdminToken()
        let hash = Credentials.tokenHash(token)
        try await storage.setAdminTokenHash(hash)
        cached.withLock { $0 = Cached(hash: hash, readAt: now) }
        return token
    }
}
