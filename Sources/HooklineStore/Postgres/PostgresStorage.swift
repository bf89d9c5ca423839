import Foundation
import HooklineCore
import Logging
import PostgresNIO
import ServiceLifecycle

/// The store for several nodes: one PostgreSQL database shared by every Hookline node, through
/// PostgresNIO's connection pool.
///
/// Same contract as `SQLiteStorage` (same states, lease scheme, errors); what SQLite gets from
/// serialised writes is obtained here explicitly, so nodes writing at once stay correct:
/// - uniqueness rests on constraints (`INSERT … ON CONFLICT`): event ids per store, store hashes;
///   store ids come from a sequence;
/// - check-then-write rules hold a transaction-scoped advisory lock: webhook limits per store and
///   client, blocklist evaluation per client and host; the once-per-interval 90001 notice is one
///   conditional upsert;
/// - claims lock due rows with `FOR UPDATE SKIP LOCKED`, so two nodes never lease the same delivery;
/// - a transaction PostgreSQL aborts for a deadlock or serialization failure is run again.
///
/// Writes that make deliveries due `NOTIFY hookline_deliveries` in their transaction; see
/// `listenForDeliveries(_:)`. Start `run()` (or put the storage in a `ServiceGroup`) before use,
/// then call `migrate()`.
public final class PostgresStorage: HooklineStorage, Service {
    /// The connection pool.
    let client: PostgresClient
    /// Where the storage and its connections log.
    let logger: Logger

    /// Prepares a storage for the database at `url` (`postgres://user:pass@host:port/db`, with
    /// libpq's `sslmode`, `sslrootcert`, `sslcert` and `sslkey`: see `PostgresTLSSettings`).
    /// Connects nothing yet: connections are made once `run()` is running. Throws `PostgresURLError`.
    /// `maxConnections` bounds this node's pool (the server's `max_connections` bounds all nodes').
    public init(url: String, logger: Logger, maxConnections: Int = 16) throws {
        var configuration = try PostgresClient.Configuration.hookline(url: url)
        configuration.options.maximumConnections = maxConnections
        configuration.options.minimumConnections = 0
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the connection pool until the task is cancelled or a graceful shutdown is requested
    /// (`Service` conformance); queries wait until it runs. Call it once.
    public func run() async {
        await client.run()
    }

    /// Applies the schema migrations this build has and the database lacks, in one transaction
    /// under an advisory lock, so several nodes starting at once apply them once; records them in
    /// `schema_migrations`. Idempotent. Throws `SchemaTooNewError`, changing nothing, if a newer
    /// Hookline has migrated the database further than this build knows.
    public func migrate() async throws {
        try await transaction { session in
            try await session.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))")
            try await session.execute(PostgresQuery(unsafeSQL: PostgresSchema.createMigrationsTable))
            let applied = Set(
                try await session.rows("SELECT identifier FROM schema_migrations").map { try $0.value("identifier", as: String.self) })
            try SchemaCompatibility.check(applied: applied, known: PostgresSchema.migrations.map(\.identifier))
            for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements { try await session.execute(PostgresQuery(unsafeSQL: statement)) }
                try await session.execute("INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))")
                logger.info("applied migration", metadata: ["migration": "\(migration.identifier)"])
            }
        }
    }

    /// Calls `onNotify` whenever a write on any node made deliveries due (`LISTEN hookline_deliveries`),
    /// until the calling task is cancelled; then returns.
    ///
    /// `onNotify` is also called each time listening (re)starts, since deliveries may have been made
    /// due while nobody listened: once the first call has come, no later notification is missed.
    /// A lost connection (or a server that is down) is retried every second, with a warning logged;
    /// nothing is thrown today. Holds one pooled connection meanwhile.
    public func listenForDeliveries(_ onNotify: @escaping @Sendable () -> Void) async throws {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.deliveriesChannel) { notifications in
                        onNotify()
                        for try await _ in notifications { onNotify() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for deliveries failed; listening again shortly", metadata: ["error": "\(error)"])
            }
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }

    // MARK: Operator settings

    /// Counts one request in the window every node shares (one upsert): a window that has ended
    /// starts again at `now`.
    public func recordRequest(key: String, policy: RateLimitPolicy, now: Int64) async throws -> RateLimitDecision {
        let window = policy.windowMilliseconds
        guard
            let row = try await row(
                """
                INSERT INTO rate_limit_windows (key, window_start, count) VALUES (\(key), \(now), 1)
                ON CONFLICT (key) DO UPDATE SET
                    window_start = CASE WHEN rate_limit_windows.window_start + \(window) <= \(now)
                                          OR rate_limit_windows.window_start > \(now)
                                        THEN \(now) ELSE rate_limit_windows.window_start END,
                    count = CASE WHEN rate_limit_windows.window_start + \(window) <= \(now)
                                   OR rate_limit_windows.window_start > \(now)
                                 THEN 1 ELSE rate_limit_windows.count + 1 END
                RETURNING window_start, count
                """)
        else { throw PostgresStorageInternalError.missingColumn("window_start") }
        let start: Int64 = try row.value("window_start")
        let count: Int32 = try row.value("count")
        return RateLimitDecision(
            allowed: Int(count) <= policy.quota, quota: policy.quota, remaining: max(0, policy.quota - Int(count)),
            windowMilliseconds: window, resetMilliseconds: max(0, start + window - now))
    }

    /// The SHA-256 hex digest of the operator's admin token, if one was set.
    public func adminTokenHash() async throws -> String? {
        try await row(TenantSQL.adminTokenHash)?.optionalText("value")
    }

    /// Replaces the admin token's digest (one upsert).
    public func setAdminTokenHash(_ hash: String) async throws {
        _ = try await rows(TenantSQL.setAdminTokenHash(hash))
    }

    // MARK: Stores

    /// Creates a store with the next id from the `store_ids` sequence; throws `StorageError.storeExists`.
    /// Ids are unique across nodes; a lost race for the same hash may leave a gap in them.
    public func createStore(hash: String, now: Int64) async throws -> CommerceStore {
        // Checking first keeps the sequence from being spent on a hash that exists; ON CONFLICT covers a race.
        guard
            let row = try await row(
                """
                INSERT INTO stores (store_hash, created_at)
                SELECT \(hash), \(now) WHERE NOT EXISTS (SELECT 1 FROM stores WHERE store_hash = \(hash))
                ON CONFLICT (store_hash) DO NOTHING
                RETURNING store_id
                """)
        else { throw StorageError.storeExists(storeHash: hash) }
        return CommerceStore(storeHash: hash, storeID: try row.value("store_id"), createdAt: now)
    }

    /// The store with this hash, if any.
    public func store(hash: String) async throws -> CommerceStore? {
        try await row(TenantSQL.store(hash: hash)).map(CommerceStore.init(row:))
    }

    /// Stores in creation order (count and page read from one snapshot).
    public func stores(page: PageRequest) async throws -> Page<CommerceStore> {
        try await readTransaction { session in
            let total = try await session.row(TenantSQL.storeCount)?.int("total") ?? 0
            let stores = try await session.rows(TenantSQL.stores(page: page)).map(CommerceStore.init(row:))
            return Page(items: stores, total: total, request: page)
        }
    }

    // MARK: API accounts

    /// Saves a new account with the digest of its access token; throws `StorageError.storeNotFound`.
    public func createAccount(_ account: APIAccount, tokenHash: String) async throws {
        if try await row(TenantSQL.createAccount(account, tokenHash: tokenHash)) == nil {
            throw StorageError.storeNotFound(storeHash: account.storeHash)
        }
    }

    /// The store's accounts in creation order.
    public func accounts(storeHash: String) async throws -> [APIAccount] {
        try await rows(TenantSQL.accounts(storeHash: storeHash)).map(APIAccount.init(row:))
    }

    /// The account whose access token has this digest.
    public func account(tokenHash: String) async throws -> APIAccount? {
        try await row(TenantSQL.account(tokenHash: tokenHash)).map(APIAccount.init(row:))
    }

    /// Gives an existing account a new access token; false if no such account.
    public func replaceAccessToken(storeHash: String, clientID: String, tokenHash: String) async throws -> Bool {
        try await row(TenantSQL.replaceAccessToken(storeHash: storeHash, clientID: clientID, tokenHash: tokenHash)) != nil
    }

    /// Gives an existing account a new signing secret, keeping the current one until `previousExpiresAt`.
    public func rotateClientSecret(storeHash: String, clientID: String, newSecret: String, previousExpiresAt: Int64)
        async throws -> Bool
    {
        try await row(
            TenantSQL.rotateClientSecret(
                storeHash: storeHash, clientID: clientID, newSecret: newSecret, previousExpiresAt: previousExpiresAt)) != nil
    }

    /// Deletes an account and its webhooks in one transaction; false if there was no such account.
    public func revokeAccount(storeHash: String, clientID: String) async throws -> Bool {
        try await transaction { session in
            try await session.execute(TenantSQL.deleteHooks(storeHash: storeHash, clientID: clientID))
            return try await session.row(TenantSQL.deleteAccount(storeHash: storeHash, clientID: clientID)) != nil
        }
    }

    // MARK: Webhooks

    /// Creates a webhook under the owner's advisory lock, so the limits hold with several nodes;
    /// throws `StorageError.duplicateHook`, `.hookLimitReached` or an exception-hook error past them.
    public func createHook(_ draft: WebhookDraft, owner: HookOwner, limits: WebhookLimits, now: Int64) async throws
        -> Webhook
    {
        let headers = try HeadersColumn.encode(draft.headers)
        return try await transaction { session in
            try await Self.lockOwner(session, owner)
            try limits.check(
                scope: draft.scope, destination: draft.destination, replacing: nil,
                slotRows: try await session.rows(HookSQL.slots(owner: owner)))
            let id = try await session.row(HookSQL.insert(draft, owner: owner, headers: headers, now: now)).unwrap().integer("id")
            return Webhook(
                id: id, owner: owner, scope: draft.scope, destination: draft.destination, headers: draft.headers,
                status: draft.isActive ? .active : .inactive, eventsHistoryEnabled: draft.eventsHistoryEnabled,
                createdAt: now, updatedAt: now)
        }
    }

    /// One of the owner's webhooks.
    public func hook(id: Int64, owner: HookOwner) async throws -> Webhook? {
        try await row(HookSQL.hook(id: id, owner: owner)).map(Webhook.init(row:))
    }

    /// A page of the owner's webhooks, in id order (count and page read from one snapshot).
    public func hooks(owner: HookOwner, filter: WebhookFilter, page: PageRequest) async throws -> Page<Webhook> {
        try await readTransaction { session in
            let total = try await session.row(HookSQL.count(owner: owner, filter: filter))?.int("total") ?? 0
            let hooks = try await session.rows(HookSQL.list(owner: owner, filter: filter, page: page)).map(Webhook.init(row:))
            return Page(items: hooks, total: total, request: page)
        }
    }

    /// Applies a partial update under the owner's advisory lock and the same limits as creation;
    /// `nil` if the owner has no such webhook.
    public func updateHook(id: Int64, owner: HookOwner, changes: WebhookChanges, limits: WebhookLimits, now: Int64)
        async throws -> Webhook?
    {
        try await transaction { session in
            try await Self.lockOwner(session, owner)
            guard let hook = try await session.row(HookSQL.hook(id: id, owner: owner)).map(Webhook.init(row:)) else { return nil }
            let update = WebhookUpdate(hook, changes: changes, now: now)
            if update.needsLimitCheck {
                try limits.check(
                    scope: update.updated.scope, destination: update.updated.destination, replacing: id,
                    slotRows: try await session.rows(HookSQL.slots(owner: owner)))
            }
            if let host = update.pendingDeliveriesHost {
                try await session.execute(HookSQL.movePendingDeliveries(hookID: id, host: host))
            }
            try await session.execute(HookSQL.update(update.updated, headers: try HeadersColumn.encode(update.updated.headers)))
            return update.updated
        }
    }

    /// Deletes one of the owner's webhooks and returns it as it was; `nil` if there was none.
    public func deleteHook(id: Int64, owner: HookOwner) async throws -> Webhook? {
        try await row(HookSQL.delete(id: id, owner: owner)).map(Webhook.init(row:))
    }

    // MARK: Notification emails

    /// The owner's notification emails (`GET /hooks/admin`).
    public func notificationEmails(owner: HookOwner) async throws -> [String] {
        guard let json = try await row(HookSQL.notificationEmails(owner: owner))?.optionalText("emails") else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// Replaces the owner's notification emails (`PUT /hooks/admin`).
    public func setNotificationEmails(_ emails: [String], owner: HookOwner) async throws {
        let json = String(decoding: try JSONEncoder().encode(emails), as: UTF8.self)
        _ = try await rows(HookSQL.setNotificationEmails(json: json, owner: owner))
    }

    /// Serialises webhook changes of one store client across nodes until the transaction ends.
    private static func lockOwner(_ session: PostgresSession, _ owner: HookOwner) async throws {
        try await session.lock(.hookOwner, "\(owner.storeHash)/\(owner.clientID)")
    }
}

extension Optional where Wrapped == PostgresRandomAccessRow {
    /// The row a statement that always returns one (`INSERT … RETURNING`) returned.
    func unwrap() throws -> PostgresRandomAccessRow {
        guard let self else { throw PostgresStorageInternalError.missingRow }
        return self
    }
}
