import GRDB

/// The SQLite schema, as an ordered list of migrations applied at start.
enum SQLiteSchema {
    /// A migrator with every migration Hookline has shipped, oldest first. Never edit a shipped
    /// migration; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tenancy-and-hooks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE stores (
                        store_hash TEXT PRIMARY KEY,
                        store_id INTEGER NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE api_accounts (
                        client_id TEXT PRIMARY KEY,
                        store_hash TEXT NOT NULL REFERENCES stores(store_hash) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        client_secret TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX api_accounts_store ON api_accounts(store_hash, created_at);
                    CREATE TABLE hooks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        store_hash TEXT NOT NULL,
                        client_id TEXT NOT NULL REFERENCES api_accounts(client_id) ON DELETE CASCADE,
                        scope TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        headers TEXT,
                        status TEXT NOT NULL,
                        events_history_enabled INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (store_hash, client_id, scope, destination)
                    );
                    CREATE INDEX hooks_owner ON hooks(store_hash, client_id, id);
                    CREATE INDEX hooks_store_status ON hooks(store_hash, status);
                    CREATE TABLE notification_emails (
                        store_hash TEXT NOT NULL,
                        client_id TEXT NOT NULL REFERENCES api_accounts(client_id) ON DELETE CASCADE,
                        emails TEXT NOT NULL,
                        PRIMARY KEY (store_hash, client_id)
                    );
                    """)
        }
        migrator.registerMigration("v2-events-and-deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        store_hash TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        accepted_at INTEGER NOT NULL,
                        delivery_count INTEGER NOT NULL,
                        UNIQUE (store_hash, event_id)
                    );
                    CREATE INDEX events_store_time ON events(store_hash, created_at);
                    -- A pending delivery is due when next_attempt_at (Unix ms) has passed. Claiming one
                    -- moves next_attempt_at to the lease's end, so a crashed node's work falls due again.
                    CREATE TABLE deliveries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_seq INTEGER NOT NULL REFERENCES events(seq),
                        hook_id INTEGER NOT NULL,
                        store_hash TEXT NOT NULL,
                        client_id TEXT NOT NULL,
                        host TEXT NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        lease_owner TEXT,
                        last_status INTEGER,
                        last_error TEXT,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending';
                    CREATE INDEX deliveries_hook ON deliveries(hook_id);
                    CREATE INDEX deliveries_event ON deliveries(event_seq);
                    CREATE TABLE attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        delivery_id INTEGER NOT NULL,
                        event_seq INTEGER NOT NULL,
                        hook_id INTEGER NOT NULL,
                        store_hash TEXT NOT NULL,
                        client_id TEXT NOT NULL,
                        host TEXT NOT NULL,
                        attempt_number INTEGER NOT NULL,
                        succeeded INTEGER NOT NULL,
                        status_code INTEGER,
                        error_class TEXT,
                        error_message TEXT,
                        response_excerpt TEXT,
                        started_at INTEGER NOT NULL,
                        duration_ms INTEGER NOT NULL,
                        node TEXT NOT NULL
                    );
                    CREATE INDEX attempts_hook ON attempts(hook_id, id);
                    CREATE INDEX attempts_event ON attempts(event_seq, id);
                    CREATE INDEX attempts_window ON attempts(client_id, host, started_at);
                    CREATE TABLE blocked_domains (
                        store_hash TEXT NOT NULL,
                        client_id TEXT NOT NULL,
                        host TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        blocked_until INTEGER NOT NULL,
                        reasons TEXT NOT NULL,
                        PRIMARY KEY (client_id, host)
                    );
                    CREATE TABLE exception_notices (
                        client_id TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        last_sent_at INTEGER NOT NULL,
                        PRIMARY KEY (client_id, destination)
                    );
                    CREATE TABLE event_history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        store_hash TEXT NOT NULL,
                        client_id TEXT NOT NULL,
                        hook_id INTEGER NOT NULL,
                        event_seq INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        UNIQUE (hook_id, event_seq)
                    );
                    CREATE INDEX event_history_owner ON event_history(store_hash, client_id, created_at);
                    """)
        }
        migrator.registerMigration("v3-attempt-windows") { db in
            // The blocklist's sliding window as per-second counts per client and host (see
            // AttemptWindowTally), filled from the last hour of the attempt log.
            try db.execute(
                sql: """
                    CREATE TABLE attempt_windows (
                        client_id TEXT NOT NULL,
                        host TEXT NOT NULL,
                        second INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        successes INTEGER NOT NULL,
                        PRIMARY KEY (client_id, host, second)
                    ) WITHOUT ROWID;
                    INSERT INTO attempt_windows (client_id, host, second, attempts, successes)
                    SELECT client_id, host, started_at / 1000, COUNT(*), SUM(succeeded) FROM attempts
                    WHERE started_at >= (CAST(strftime('%s', 'now') AS INTEGER) - 3600) * 1000
                      AND (error_class IS NULL OR error_class <> 'domain_blocked')
                    GROUP BY client_id, host, started_at / 1000;
                    """)
        }
        migrator.registerMigration("v4-deliveries-by-host") { db in
            // Claims read each destination host's due deliveries on their own (see claimDeliveries).
            try db.execute(
                sql: "CREATE INDEX deliveries_host_due ON deliveries(host, next_attempt_at) WHERE state = 'pending'")
        }
        migrator.registerMigration("v5-secret-rotation") { db in
            // A rotated account keeps the secret it replaced, which signs beside the new one until
            // previous_secret_expires_at (Unix seconds); see SigningSecrets.
            try db.execute(
                sql: """
                    ALTER TABLE api_accounts ADD COLUMN previous_client_secret TEXT;
                    ALTER TABLE api_accounts ADD COLUMN previous_secret_expires_at INTEGER;
                    """)
        }
        migrator.registerMigration("v6-events-history-by-event") { db in
            // Retention keeps an event while an events-history row refers to it (see RetentionSQL).
            try db.execute(sql: "CREATE INDEX event_history_event ON event_history(event_seq)")
        }
        migrator.registerMigration("ops-attempts-by-start") { db in
            // The dashboard overview counts the last hour's attempts per minute (see DashboardSQL).
            try db.execute(sql: DashboardSQL.attemptsByStartIndex)
        }
        migrator.registerMigration("v7-limits-attempt-concurrency-limit") { db in
            // The destination host's adaptive in-flight limit when the attempt started (NULL before).
            try db.execute(sql: "ALTER TABLE attempts ADD COLUMN concurrency_limit INTEGER")
        }
        migrator.registerMigration("v7-fifo-delivery-settings") { db in
            // A webhook's delivery settings (HookDeliverySettings; defaults: any order, no limits), and
            // on each delivery whether its webhook's settings gate claims (`limitsClaims`), kept in step
            // by the settings' writes. Deliveries so marked are claimed webhook by webhook, through
            // `deliveries_limited`; the claim of everything else and its indexes leave them out, so a
            // FIFO webhook's backlog costs the other webhooks' claims nothing.
            try db.execute(
                sql: """
                    ALTER TABLE hooks ADD COLUMN ordering TEXT NOT NULL DEFAULT 'any';
                    ALTER TABLE hooks ADD COLUMN max_per_second INTEGER;
                    ALTER TABLE hooks ADD COLUMN max_in_flight INTEGER;
                    ALTER TABLE deliveries ADD COLUMN hook_limited INTEGER NOT NULL DEFAULT 0;
                    DROP INDEX deliveries_due;
                    CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE state = 'pending' AND NOT hook_limited;
                    DROP INDEX deliveries_host_due;
                    CREATE INDEX deliveries_host_due ON deliveries(host, next_attempt_at) WHERE state = 'pending' AND NOT hook_limited;
                    \(SchemaSQL.limitedDeliveryIndexes.joined(separator: ";\n"));
                    """)
        }
        migrator.registerMigration("v7-inbound") { db in
            // The inbound gateway's sources (see InboundSourceStore), and the dedupe keys events are
            // published with (see EventDraft.dedupeKeys), kept as long as events are.
            try db.execute(
                sql: """
                    CREATE TABLE inbound_sources (
                        name TEXT PRIMARY KEY,
                        store_hash TEXT NOT NULL REFERENCES stores(store_hash) ON DELETE CASCADE,
                        secret TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE event_keys (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        store_hash TEXT NOT NULL,
                        dedupe_key TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        UNIQUE (store_hash, dedupe_key)
                    );
                    """)
        }
        migrator.registerMigration("v8-rate-limits-gate-claims") { db in
            // `max_per_second` gates claims too (see HookDeliverySettings.limitsClaims).
            try db.execute(sql: SchemaSQL.markRateLimitedDeliveries)
        }
        return migrator
    }
}
