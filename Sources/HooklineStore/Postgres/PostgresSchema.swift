/// The PostgreSQL schema, as an ordered list of migrations applied by `PostgresStorage.migrate()`.
///
/// It mirrors `SQLiteSchema` table for table and column for column (same names, same meaning);
/// only the types are PostgreSQL's: `BIGSERIAL`/`BIGINT` ids and times, `BOOLEAN` flags, JSON kept
/// as `TEXT`. Never edit a shipped migration; add a new one at the end.
enum PostgresSchema {
    /// One migration: an identifier recorded in `schema_migrations` once applied, and its statements
    /// (run one by one, since the extended query protocol takes one statement per query).
    struct Migration: Sendable {
        var identifier: String
        var statements: [String]
    }

    /// The key of the transaction-scoped advisory lock `migrate()` holds, so nodes starting together
    /// apply the migrations one after the other. An arbitrary constant ("hookline" in ASCII, truncated).
    static let migrationLockKey: Int64 = 0x686F_6F6B_6C69_6E65

    /// Namespaces of the two-key advisory locks the storage takes (`pg_advisory_xact_lock(namespace, hashtext(key))`);
    /// the two-key form never collides with the one-key migration lock.
    enum LockNamespace: Int32 {
        /// One store's client (`store_hash/client_id`): serialises the checks of its webhook limits.
        case hookOwner = 1
        /// One client's destination host (`client_id/host`): serialises blocklist evaluation.
        case destinationHost = 2
        /// One store with FIFO webhooks (`store_hash`): its publishes take turns, so its events commit
        /// in sequence order.
        case orderedStore = 3
        /// One webhook whose settings gate claims (its id as text): serialises its claims across nodes
        /// (taken with `pg_try_advisory_xact_lock`, see `LockLimitedHooksStatement`).
        case limitedHook = 4
        /// One store's dedupe key (`store_hash` newline key): serialises publishes of events that
        /// carry it, so a second one sees the first one's key (see `PostgresStorage.publish`).
        case dedupeKey = 5
    }

    /// The table recording which migrations were applied.
    static let createMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            identifier TEXT PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """

    /// Every migration Hookline has shipped, oldest first.
    static let migrations: [Migration] = [
        Migration(
            identifier: "v1-tenancy-and-hooks",
            statements: [
                """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                )
                """,
                // Store ids come from a sequence so concurrent creations on several nodes never collide.
                "CREATE SEQUENCE store_ids START WITH \(StoreIDs.firstID)",
                """
                CREATE TABLE stores (
                    store_hash TEXT PRIMARY KEY,
                    store_id BIGINT NOT NULL UNIQUE DEFAULT nextval('store_ids'),
                    created_at BIGINT NOT NULL
                )
                """,
                "ALTER SEQUENCE store_ids OWNED BY stores.store_id",
                """
                CREATE TABLE api_accounts (
                    client_id TEXT PRIMARY KEY,
                    store_hash TEXT NOT NULL REFERENCES stores(store_hash) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    client_secret TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX api_accounts_store ON api_accounts(store_hash, created_at)",
                """
                CREATE TABLE hooks (
                    id BIGSERIAL PRIMARY KEY,
                    store_hash TEXT NOT NULL,
                    client_id TEXT NOT NULL REFERENCES api_accounts(client_id) ON DELETE CASCADE,
                    scope TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    headers TEXT,
                    status TEXT NOT NULL,
                    events_history_enabled BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    UNIQUE (store_hash, client_id, scope, destination)
                )
                """,
                "CREATE INDEX hooks_owner ON hooks(store_hash, client_id, id)",
                "CREATE INDEX hooks_store_status ON hooks(store_hash, status)",
                """
                CREATE TABLE notification_emails (
                    store_hash TEXT NOT NULL,
                    client_id TEXT NOT NULL REFERENCES api_accounts(client_id) ON DELETE CASCADE,
                    emails TEXT NOT NULL,
                    PRIMARY KEY (store_hash, client_id)
                )
                """,
            ]),
        Migration(
            identifier: "v2-events-and-deliveries",
            statements: [
                """
                CREATE TABLE events (
                    seq BIGSERIAL PRIMARY KEY,
                    store_hash TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    accepted_at BIGINT NOT NULL,
                    delivery_count BIGINT NOT NULL,
                    UNIQUE (store_hash, event_id)
                )
                """,
                "CREATE INDEX events_store_time ON events(store_hash, created_at)",
                // A pending delivery is due when next_attempt_at (Unix ms) has passed. Claiming one moves
                // next_attempt_at to the lease's end, so a crashed node's work falls due again.
                """
                CREATE TABLE deliveries (
                    id BIGSERIAL PRIMARY KEY,
                    event_seq BIGINT NOT NULL REFERENCES events(seq),
                    hook_id BIGINT NOT NULL,
                    store_hash TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    host TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    lease_owner TEXT,
                    last_status BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending'",
                "CREATE INDEX deliveries_hook ON deliveries(hook_id)",
                "CREATE INDEX deliveries_event ON deliveries(event_seq)",
                """
                CREATE TABLE attempts (
                    id BIGSERIAL PRIMARY KEY,
                    delivery_id BIGINT NOT NULL,
                    event_seq BIGINT NOT NULL,
                    hook_id BIGINT NOT NULL,
                    store_hash TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    host TEXT NOT NULL,
                    attempt_number BIGINT NOT NULL,
                    succeeded BOOLEAN NOT NULL,
                    status_code BIGINT,
                    error_class TEXT,
                    error_message TEXT,
                    response_excerpt TEXT,
                    started_at BIGINT NOT NULL,
                    duration_ms BIGINT NOT NULL,
                    node TEXT NOT NULL
                )
                """,
                "CREATE INDEX attempts_hook ON attempts(hook_id, id)",
                "CREATE INDEX attempts_event ON attempts(event_seq, id)",
                "CREATE INDEX attempts_window ON attempts(client_id, host, started_at)",
                """
                CREATE TABLE blocked_domains (
                    store_hash TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    host TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    blocked_until BIGINT NOT NULL,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (client_id, host)
                )
                """,
                """
                CREATE TABLE exception_notices (
                    client_id TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    last_sent_at BIGINT NOT NULL,
                    PRIMARY KEY (client_id, destination)
                )
                """,
                """
                CREATE TABLE event_history (
                    id BIGSERIAL PRIMARY KEY,
                    store_hash TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    hook_id BIGINT NOT NULL,
                    event_seq BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    UNIQUE (hook_id, event_seq)
                )
                """,
                "CREATE INDEX event_history_owner ON event_history(store_hash, client_id, created_at)",
            ]),
        Migration(
            identifier: "v3-shared-rate-limits",
            statements: [
                """
                CREATE TABLE rate_limit_windows (
                    key TEXT PRIMARY KEY,
                    window_start BIGINT NOT NULL,
                    count INTEGER NOT NULL
                )
                """
            ]),
        Migration(
            identifier: "v4-attempt-windows",
            statements: [
                // The blocklist's sliding window as per-second counts per client and host (see
                // AttemptWindowTally), filled from the last hour of the attempt log.
                """
                CREATE TABLE attempt_windows (
                    client_id TEXT NOT NULL,
                    host TEXT NOT NULL,
                    second BIGINT NOT NULL,
                    attempts BIGINT NOT NULL,
                    successes BIGINT NOT NULL,
                    PRIMARY KEY (client_id, host, second)
                )
                """,
                """
                INSERT INTO attempt_windows (client_id, host, second, attempts, successes)
                SELECT client_id, host, started_at / 1000, COUNT(*), COUNT(*) FILTER (WHERE succeeded) FROM attempts
                WHERE started_at >= (extract(epoch FROM now())::bigint - 3600) * 1000
                  AND (error_class IS NULL OR error_class <> 'domain_blocked')
                GROUP BY client_id, host, started_at / 1000
                """,
            ]),
        Migration(
            identifier: "v5-deliveries-by-host",
            statements: [
                // Claims with hosts excluded read each other host's due deliveries on their own (see
                // PostgresStorage.claimDeliveries).
                "CREATE INDEX deliveries_host_due ON deliveries(host, next_attempt_at) WHERE state = 'pending'"
            ]),
        Migration(
            identifier: "v6-blocked-domains-by-store",
            statements: [
                // A publish reads its store's blocks in force for the deliveries it leases (see
                // PostgresStorage.leasedDeliveries).
                "CREATE INDEX blocked_domains_store ON blocked_domains(store_hash, blocked_until)"
            ]),
        Migration(
            identifier: "v7-secret-rotation",
            statements: [
                // A rotated account keeps the secret it replaced, which signs beside the new one until
                // previous_secret_expires_at (Unix seconds); see SigningSecrets.
                "ALTER TABLE api_accounts ADD COLUMN previous_client_secret TEXT",
                "ALTER TABLE api_accounts ADD COLUMN previous_secret_expires_at BIGINT",
            ]),
        Migration(
            identifier: "v8-events-history-by-event",
            statements: [
                // Retention keeps an event while an events-history row refers to it (see RetentionSQL).
                "CREATE INDEX event_history_event ON event_history(event_seq)"
            ]),
        Migration(
            identifier: "ops-attempts-by-start",
            statements: [
                // The dashboard overview counts the last hour's attempts per minute (see DashboardSQL).
                DashboardSQL.attemptsByStartIndex
            ]),
        Migration(
            identifier: "v9-limits-attempt-concurrency-limit",
            statements: [
                // The destination host's adaptive in-flight limit when the attempt started (NULL before).
                "ALTER TABLE attempts ADD COLUMN concurrency_limit BIGINT"
            ]),
        Migration(
            identifier: "v9-fifo-delivery-settings",
            statements: [
                // A webhook's delivery settings and, on each delivery, whether they gate its claims; see
                // SQLiteSchema's v7-fifo-delivery-settings.
                "ALTER TABLE hooks ADD COLUMN ordering TEXT NOT NULL DEFAULT 'any'",
                "ALTER TABLE hooks ADD COLUMN max_per_second BIGINT",
                "ALTER TABLE hooks ADD COLUMN max_in_flight BIGINT",
                "ALTER TABLE deliveries ADD COLUMN hook_limited BOOLEAN NOT NULL DEFAULT false",
                "DROP INDEX deliveries_due",
                "CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending' AND NOT hook_limited",
                "DROP INDEX deliveries_host_due",
                "CREATE INDEX deliveries_host_due ON deliveries(host, next_attempt_at) WHERE state = 'pending' AND NOT hook_limited",
            ] + SchemaSQL.limitedDeliveryIndexes),
        Migration(
            identifier: "v9-inbound",
            statements: [
                // The inbound gateway's sources (see InboundSourceStore), and the dedupe keys events
                // are published with (see EventDraft.dedupeKeys), kept as long as events are.
                """
                CREATE TABLE inbound_sources (
                    name TEXT PRIMARY KEY,
                    store_hash TEXT NOT NULL REFERENCES stores(store_hash) ON DELETE CASCADE,
                    secret TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE event_keys (
                    id BIGSERIAL PRIMARY KEY,
                    store_hash TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    UNIQUE (store_hash, dedupe_key)
                )
                """,
            ]),
        Migration(
            identifier: "v10-rate-limits-gate-claims",
            statements: [
                // `max_per_second` gates claims too (see HookDeliverySettings.limitsClaims).
                SchemaSQL.markRateLimitedDeliveries
            ]),
        Migration(
            identifier: "v11-queue-autovacuum",
            statements: [
                // Every claim and completion leaves a dead row version, and its entries stay at the
                // head of the due indexes, where each claim and next-due read starts, until vacuum
                // removes them. With 60,000 dead at the head of 80,000 rows the next-due read took
                // 18 ms once, then 1.8 ms, against 0.1 ms vacuumed. By default autovacuum waits for
                // a fifth of a table to be dead; the queue is vacuumed (and analysed) at a fiftieth.
                """
                ALTER TABLE deliveries SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)
                """
            ]),
    ]
}
