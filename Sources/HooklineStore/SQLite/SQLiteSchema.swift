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
        return migrator
    }
}
