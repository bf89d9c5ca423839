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
    /// The open `newWork()` streams.
    let newWorkBroadcast = NewWorkBroadcast()

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
        publishes = WriteCoalescer(kind: .publish) { requests in await Self.writePublishes(requests, pool: pool) }
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
        try await pool.read { db in try db.row(TenantSQL.adminTokenHash)?.optionalText("value") }
    }

    public func setAdminTokenHash(_ hash: String) async throws {
        try await pool.write { db in try db.execute(TenantSQL.setAdminTokenHash(hash)) }
    }

    // MARK: Stores

    /// Creates a store with the next numeric `store_id` (one past the highest): writes are serialised,
    /// so no other store takes it meanwhile.
    public func createStore(hash: String, now: Int64) async throws -> CommerceStore {
        try await pool.write { db in
            if try db.row(TenantSQL.store(hash: hash)) != nil { throw StorageError.storeExists(storeHash: hash) }
            let storeID = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(store_id), \(StoreIDs.firstID - 1)) + 1 FROM stores")!
            try db.execute(
                sql: "INSERT INTO stores (store_hash, store_id, created_at) VALUES (?, ?, ?)",
                arguments: [hash, storeID, now])
            return CommerceStore(storeHash: hash, storeID: storeID, createdAt: now)
        }
    }

    public func store(hash: String) async throws -> CommerceStore? {
        try await pool.read { db in try db.row(TenantSQL.store(hash: hash)).map(CommerceStore.init(row:)) }
    }

    public func stores(page: PageRequest) async throws -> Page<CommerceStore> {
        try await pool.read { db in
            let total = try db.row(TenantSQL.storeCount)?.int("total") ?? 0
            let stores = try db.rows(TenantSQL.stores(page: page)).map(CommerceStore.init(row:))
            return Page(items: stores, total: total, request: page)
        }
    }

    // MARK: API accounts

    public func createAccount(_ account: APIAccount, tokenHash: String) async throws {
        try await pool.write { db in
            guard try db.row(TenantSQL.createAccount(account, tokenHash: tokenHash)) != nil
            else { throw StorageError.storeNotFound(storeHash: account.storeHash) }
        }
    }

    public func accounts(storeHash: String) async throws -> [APIAccount] {
        try await pool.read { db in try db.rows(TenantSQL.accounts(storeHash: storeHash)).map(APIAccount.init(row:)) }
    }

    public func account(tokenHash: String) async throws -> APIAccount? {
        try await pool.read { db in try db.row(TenantSQL.account(tokenHash: tokenHash)).map(APIAccount.init(row:)) }
    }

    public func replaceAccessToken(storeHash: String, clientID: String, tokenHash: String) async throws -> Bool {
        try await pool.write { db in
            try db.row(TenantSQL.replaceAccessToken(storeHash: storeHash, clientID: clientID, tokenHash: tokenHash)) != nil
        }
    }

    public func rotateClientSecret(storeHash: String, clientID: String, newSecret: String, previousExpiresAt: Int64)
        async throws -> Bool
    {
        try await pool.write { db in
            try db.row(
                TenantSQL.rotateClientSecret(
                    storeHash: storeHash, clientID: clientID, newSecret: newSecret, previousExpiresAt: previousExpiresAt)) != nil
        }
    }

    public func revokeAccount(storeHash: String, clientID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(TenantSQL.deleteHooks(storeHash: storeHash, clientID: clientID))
            return try db.row(TenantSQL.deleteAccount(storeHash: storeHash, clientID: clientID)) != nil
        }
    }

    // MARK: Webhooks

    public func createHook(_ draft: WebhookDraft, owner: HookOwner, limits: WebhookLimits, now: Int64) async throws
        -> Webhook
    {
        let headers = try HeadersColumn.encode(draft.headers)
        return try await pool.write { db in
            try limits.check(
                scope: draft.scope, destination: draft.destination, replacing: nil, slotRows: try db.rows(HookSQL.slots(owner: owner)))
            let id = try db.row(HookSQL.insert(draft, owner: owner, headers: headers, now: now)).unwrap().integer("id")
            return Webhook(
                id: id, owner: owner, scope: draft.scope, destination: draft.destination,
                headers: draft.headers, status: draft.isActive ? .active : .inactive,
                eventsHistoryEnabled: draft.eventsHistoryEnabled, createdAt: now, updatedAt: now)
        }
    }

    public func hook(id: Int64, owner: HookOwner) async throws -> Webhook? {
        try await pool.read { db in try db.row(HookSQL.hook(id: id, owner: owner)).map(Webhook.init(row:)) }
    }

    public func hooks(owner: HookOwner, filter: WebhookFilter, page: PageRequest) async throws -> Page<Webhook> {
        try await pool.read { db in
            let total = try db.row(HookSQL.count(owner: owner, filter: filter))?.int("total") ?? 0
            let hooks = try db.rows(HookSQL.list(owner: owner, filter: filter, page: page)).map(Webhook.init(row:))
            return Page(items: hooks, total: total, request: page)
        }
    }

    public func updateHook(id: Int64, owner: HookOwner, changes: WebhookChanges, limits: WebhookLimits, now: Int64)
        async throws -> Webhook?
    {
        try await pool.write { db in
            guard let hook = try db.row(HookSQL.hook(id: id, owner: owner)).map(Webhook.init(row:)) else { return nil }
            let update = WebhookUpdate(hook, changes: changes, now: now)
            if update.needsLimitCheck {
                try limits.check(
                    scope: update.updated.scope, destination: update.updated.destination, replacing: id,
                    slotRows: try db.rows(HookSQL.slots(owner: owner)))
            }
            if let host = update.pendingDeliveriesHost { try db.execute(HookSQL.movePendingDeliveries(hookID: id, host: host)) }
            try db.execute(HookSQL.update(update.updated, headers: try HeadersColumn.encode(update.updated.headers)))
            return update.updated
        }
    }

    public func deleteHook(id: Int64, owner: HookOwner) async throws -> Webhook? {
        try await pool.write { db in try db.row(HookSQL.delete(id: id, owner: owner)).map(Webhook.init(row:)) }
    }

    // MARK: Notification emails

    public func notificationEmails(owner: HookOwner) async throws -> [String] {
        guard let json = try await pool.read({ db in try db.row(HookSQL.notificationEmails(owner: owner))?.optionalText("emails") })
        else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    public func setNotificationEmails(_ emails: [String], owner: HookOwner) async throws {
        let json = String(decoding: try JSONEncoder().encode(emails), as: UTF8.self)
        try await pool.write { db in try db.execute(HookSQL.setNotificationEmails(json: json, owner: owner)) }
    }
}

extension Optional where Wrapped == Row {
    /// The row a statement that always returns one (`INSERT … RETURNING`) returned.
    func unwrap() throws -> Row {
        guard let self else { throw SQLRowError(column: "(no row)") }
        return self
    }
}
