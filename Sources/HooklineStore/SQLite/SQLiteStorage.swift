import Foundation
import GRDB
import HooklineCore
import Synchronization

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Writes are serialised by SQLite, so each check-then-write method (limits, uniqueness) runs
/// inside one write transaction and cannot race with another.
public final class SQLiteStorage: HooklineStorage {
    /// The connection pool (one writer, several readers).
    let pool: DatabasePool
    /// Concurrent publishes, written together: one commit for all that arrive while one is written.
    let publishes: WriteCoalescer<PublishRequest, PublishedBatch>
    /// Rate-limit windows: SQLite serves one node, so they live in this process's memory.
    private let rateLimitWindows = Mutex<[String: RateLimitWindow]>([:])

    /// Opens (creating if needed) the database at `path` and applies pending migrations. Throws
    /// `SchemaTooNewError` if a newer Hookline has migrated the file further than this build knows.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // A 16 MiB page cache per connection keeps the delivery queue's hot pages in memory.
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration)
        // The pool sets WAL mode with synchronous=NORMAL, which may lose the last commits in a power
        // failure. Hookline answers 202 only for events on disk: every commit waits for the disk
        // (FULL), except those made with `writeWithoutFsync`.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        self.pool = pool
        publishes = WriteCoalescer { requests in await Self.writePublishes(requests, pool: pool) }
        let migrator = SQLiteSchema.migrator
        try SchemaCompatibility.check(applied: try pool.read { try migrator.appliedIdentifiers($0) }, known: migrator.migrations)
        try migrator.migrate(pool)
    }

    /// Runs `body` in a write transaction whose commit does not wait for the disk (synchronous=OFF):
    /// for writes that may be lost in a power failure without harm, such as leases (a lost lease only
    /// makes its delivery due again). Its pages reach the disk with the next durable commit, as the
    /// WAL is written in order; a crash of the process alone loses nothing.
    func writeWithoutFsync<Result: Sendable>(_ body: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
            let outcome = Swift.Result { () throws -> Result in
                var result: Result?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
            // Every other write on this connection is durable again, whatever happened.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try outcome.get()
        }
    }

    // MARK: Client API rate limit

    public func recordRequest(key: String, policy: RateLimitPolicy, now: Int64) async throws -> RateLimitDecision {
        rateLimitWindows.withLock { windows in
            if windows.count > 100_000 {
                windows = windows.filter { now - $0.value.startMilliseconds < policy.windowMilliseconds }
            }
            var window = windows[key] ?? RateLimitWindow(startMilliseconds: now)
            let decision = window.record(at: now, policy: policy)
            windows[key] = window
            return decision
        }
    }

    // MARK: Operator settings

    public func adminTokenHash() async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'admin_token_sha256'")
        }
    }

    public func setAdminTokenHash(_ hash: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO settings (key, value) VALUES ('admin_token_sha256', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, arguments: [hash])
        }
    }

    // MARK: Stores

    public func createStore(hash: String, now: Int64) async throws -> CommerceStore {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM stores WHERE store_hash = ?", arguments: [hash]) != nil {
                throw StorageError.storeExists(storeHash: hash)
            }
            let storeID = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(store_id), \(StoreIDs.firstID - 1)) + 1 FROM stores")!
            try db.execute(
                sql: "INSERT INTO stores (store_hash, store_id, created_at) VALUES (?, ?, ?)",
                arguments: [hash, storeID, now])
            return CommerceStore(storeHash: hash, storeID: storeID, createdAt: now)
        }
    }

    public func store(hash: String) async throws -> CommerceStore? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM stores WHERE store_hash = ?", arguments: [hash]).map(Self.store)
        }
    }

    public func stores(page: PageRequest) async throws -> Page<CommerceStore> {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stores") ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM stores ORDER BY store_id LIMIT ? OFFSET ?",
                arguments: [page.limit, page.offset])
            return Page(items: rows.map(Self.store), total: total, request: page)
        }
    }

    // MARK: API accounts

    public func createAccount(_ account: APIAccount, tokenHash: String) async throws {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM stores WHERE store_hash = ?", arguments: [account.storeHash]) != nil
            else { throw StorageError.storeNotFound(storeHash: account.storeHash) }
            try db.execute(
                sql: """
                    INSERT INTO api_accounts (client_id, store_hash, name, client_secret, token_hash, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.clientID, account.storeHash, account.name, account.clientSecret, tokenHash, account.createdAt,
                ])
        }
    }

    public func accounts(storeHash: String) async throws -> [APIAccount] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM api_accounts WHERE store_hash = ? ORDER BY created_at, client_id",
                arguments: [storeHash]
            ).map(Self.account)
        }
    }

    public func account(tokenHash: String) async throws -> APIAccount? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_accounts WHERE token_hash = ?", arguments: [tokenHash])
                .map(Self.account)
        }
    }

    public func replaceAccessToken(storeHash: String, clientID: String, tokenHash: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_accounts SET token_hash = ? WHERE store_hash = ? AND client_id = ?",
                arguments: [tokenHash, storeHash, clientID])
            return db.changesCount > 0
        }
    }

    public func revokeAccount(storeHash: String, clientID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM hooks WHERE store_hash = ? AND client_id = ?", arguments: [storeHash, clientID])
            try db.execute(
                sql: "DELETE FROM api_accounts WHERE store_hash = ? AND client_id = ?", arguments: [storeHash, clientID])
            return db.changesCount > 0
        }
    }

    // MARK: Webhooks

    public func createHook(_ draft: WebhookDraft, owner: HookOwner, limits: WebhookLimits, now: Int64) async throws
        -> Webhook
    {
        try await pool.write { db in
            try Self.checkLimits(
                db, owner: owner, scope: draft.scope, destination: draft.destination, limits: limits, excluding: nil)
            try db.execute(
                sql: """
                    INSERT INTO hooks (store_hash, client_id, scope, destination, headers, status,
                                       events_history_enabled, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    owner.storeHash, owner.clientID, draft.scope, draft.destination, try HeadersColumn.encode(draft.headers),
                    (draft.isActive ? WebhookStatus.active : .inactive).rawValue, draft.eventsHistoryEnabled, now, now,
                ])
            return Webhook(
                id: db.lastInsertedRowID, owner: owner, scope: draft.scope, destination: draft.destination,
                headers: draft.headers, status: draft.isActive ? .active : .inactive,
                eventsHistoryEnabled: draft.eventsHistoryEnabled, createdAt: now, updatedAt: now)
        }
    }

    public func hook(id: Int64, owner: HookOwner) async throws -> Webhook? {
        try await pool.read { db in try Self.fetchHook(db, id: id, owner: owner) }
    }

    public func hooks(owner: HookOwner, filter: WebhookFilter, page: PageRequest) async throws -> Page<Webhook> {
        try await pool.read { db in
            var conditions = ["store_hash = ?", "client_id = ?"]
            var arguments: StatementArguments = [owner.storeHash, owner.clientID]
            if let isActive = filter.isActive {
                conditions.append(isActive ? "status = 'active'" : "status <> 'active'")
            }
            if let scope = filter.scope {
                conditions.append("scope = ?")
                _ = arguments.append(contentsOf: [scope])
            }
            if let destination = filter.destination {
                conditions.append("destination = ?")
                _ = arguments.append(contentsOf: [destination])
            }
            let whereClause = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM hooks WHERE \(whereClause)", arguments: arguments) ?? 0
            _ = arguments.append(contentsOf: [page.limit, page.offset])
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM hooks WHERE \(whereClause) ORDER BY id LIMIT ? OFFSET ?", arguments: arguments)
            return Page(items: try rows.map(Self.hook), total: total, request: page)
        }
    }

    public func updateHook(id: Int64, owner: HookOwner, changes: WebhookChanges, limits: WebhookLimits, now: Int64)
        async throws -> Webhook?
    {
        try await pool.write { db in
            guard var hook = try Self.fetchHook(db, id: id, owner: owner) else { return nil }
            let scope = changes.scope ?? hook.scope
            let destination = changes.destination ?? hook.destination
            if scope != hook.scope || destination != hook.destination {
                try Self.checkLimits(db, owner: owner, scope: scope, destination: destination, limits: limits, excluding: id)
            }
            if destination != hook.destination {
                // Pending deliveries go to the new destination: their host keys limits and the blocklist.
                try db.execute(
                    sql: "UPDATE deliveries SET host = ? WHERE hook_id = ? AND state = 'pending'",
                    arguments: [DestinationPolicy.host(of: destination), id])
            }
            hook.scope = scope
            hook.destination = destination
            if let headers = changes.headers { hook.headers = headers }
            if let isActive = changes.isActive {
                if isActive { hook.status = .active } else if hook.status == .active { hook.status = .inactive }
            }
            if let eventsHistoryEnabled = changes.eventsHistoryEnabled { hook.eventsHistoryEnabled = eventsHistoryEnabled }
            hook.updatedAt = now
            try db.execute(
                sql: """
                    UPDATE hooks SET scope = ?, destination = ?, headers = ?, status = ?, events_history_enabled = ?,
                                     updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    hook.scope, hook.destination, try HeadersColumn.encode(hook.headers), hook.status.rawValue,
                    hook.eventsHistoryEnabled, now, id,
                ])
            return hook
        }
    }

    public func deleteHook(id: Int64, owner: HookOwner) async throws -> Webhook? {
        try await pool.write { db in
            guard let hook = try Self.fetchHook(db, id: id, owner: owner) else { return nil }
            try db.execute(sql: "DELETE FROM hooks WHERE id = ?", arguments: [id])
            return hook
        }
    }

    // MARK: Notification emails

    public func notificationEmails(owner: HookOwner) async throws -> [String] {
        try await pool.read { db in
            guard
                let json = try String.fetchOne(
                    db, sql: "SELECT emails FROM notification_emails WHERE store_hash = ? AND client_id = ?",
                    arguments: [owner.storeHash, owner.clientID])
            else { return [] }
            return try JSONDecoder().decode([String].self, from: Data(json.utf8))
        }
    }

    public func setNotificationEmails(_ emails: [String], owner: HookOwner) async throws {
        let json = String(decoding: try JSONEncoder().encode(emails), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO notification_emails (store_hash, client_id, emails) VALUES (?, ?, ?)
                    ON CONFLICT (store_hash, client_id) DO UPDATE SET emails = excluded.emails
                    """, arguments: [owner.storeHash, owner.clientID, json])
        }
    }

    // MARK: Rows

    private static func checkLimits(
        _ db: Database, owner: HookOwner, scope: String, destination: String, limits: WebhookLimits, excluding id: Int64?
    ) throws {
        let excluded = id ?? 0
        let duplicate = try Bool.fetchOne(
            db,
            sql: """
                SELECT 1 FROM hooks WHERE store_hash = ? AND client_id = ? AND scope = ? AND destination = ? AND id <> ?
                """, arguments: [owner.storeHash, owner.clientID, scope, destination, excluded])
        if duplicate != nil { throw StorageError.duplicateHook(scope: scope, destination: destination) }
        let count =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM hooks WHERE store_hash = ? AND client_id = ? AND scope = ? AND id <> ?",
                arguments: [owner.storeHash, owner.clientID, scope, excluded]) ?? 0
        if count >= limits.maxHooksPerScope { throw StorageError.hookLimitReached(scope: scope, limit: limits.maxHooksPerScope) }
        try checkExceptionHookRules(db, owner: owner, scope: scope, destination: destination, excluding: excluded)
    }

    /// One delivery exception hook per store and client, on a destination none of its other hooks use.
    private static func checkExceptionHookRules(
        _ db: Database, owner: HookOwner, scope: String, destination: String, excluding id: Int64
    ) throws {
        let exceptionScope = DeliveryExceptionCode.scope
        if scope == exceptionScope {
            let existing = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM hooks WHERE store_hash = ? AND client_id = ? AND scope = ? AND id <> ?",
                arguments: [owner.storeHash, owner.clientID, exceptionScope, id]) ?? 0
            if existing > 0 { throw StorageError.exceptionHookExists }
        }
        let shared = try Bool.fetchOne(
            db,
            sql: """
                SELECT 1 FROM hooks WHERE store_hash = ? AND client_id = ? AND destination = ? AND id <> ?
                AND (scope = ?) <> (? = ?)
                """,
            arguments: [owner.storeHash, owner.clientID, destination, id, exceptionScope, scope, exceptionScope])
        if shared != nil { throw StorageError.exceptionHookDestinationShared(destination: destination) }
    }

    static func fetchHook(_ db: Database, id: Int64, owner: HookOwner) throws -> Webhook? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM hooks WHERE id = ? AND store_hash = ? AND client_id = ?",
            arguments: [id, owner.storeHash, owner.clientID]
        ).map(hook)
    }

    private static func store(_ row: Row) -> CommerceStore {
        CommerceStore(storeHash: row["store_hash"], storeID: row["store_id"], createdAt: row["created_at"])
    }

    private static func account(_ row: Row) -> APIAccount {
        APIAccount(
            clientID: row["client_id"], storeHash: row["store_hash"], name: row["name"],
            clientSecret: row["client_secret"], createdAt: row["created_at"])
    }

    static func hook(_ row: Row) throws -> Webhook {
        Webhook(
            id: row["id"], owner: HookOwner(storeHash: row["store_hash"], clientID: row["client_id"]),
            scope: row["scope"], destination: row["destination"], headers: try HeadersColumn.decode(row["headers"]),
            status: WebhookStatus(rawValue: row["status"]) ?? .inactive,
            eventsHistoryEnabled: row["events_history_enabled"], createdAt: row["created_at"],
            updatedAt: row["updated_at"])
    }
}
