import HooklineCore

/// The statements both stores run, as written, for operator settings, stores and API accounts.
/// Creating a store stays per store: its numeric id comes from a sequence in PostgreSQL and from
/// the highest id so far in SQLite.
enum TenantSQL {
    /// The admin token's digest (`value`).
    static let adminTokenHash = SQLStatement("SELECT value FROM settings WHERE key = 'admin_token_sha256'")

    /// Replaces the admin token's digest.
    static func setAdminTokenHash(_ hash: String) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO settings (key, value) VALUES ('admin_token_sha256', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, [.text(hash)])
    }

    /// The store with this hash (a `CommerceStore` row).
    static func store(hash: String) -> SQLStatement {
        SQLStatement("SELECT * FROM stores WHERE store_hash = ?", [.text(hash)])
    }

    /// How many stores there are (`total`).
    static let storeCount = SQLStatement("SELECT COUNT(*) AS total FROM stores")

    /// A page of stores in creation order.
    static func stores(page: PageRequest) -> SQLStatement {
        SQLStatement("SELECT * FROM stores ORDER BY store_id LIMIT ? OFFSET ?", [.integer(page.limit), .integer(page.offset)])
    }

    /// Saves an account if its store exists; returns a row (`client_id`) only if it did.
    static func createAccount(_ account: APIAccount, tokenHash: String) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO api_accounts (client_id, store_hash, name, client_secret, token_hash, created_at)
            SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM stores WHERE store_hash = ?)
            RETURNING client_id
            """,
            [
                .text(account.clientID), .text(account.storeHash), .text(account.name), .text(account.clientSecret),
                .text(tokenHash), .integer(account.createdAt), .text(account.storeHash),
            ])
    }

    /// The store's accounts in creation order (`APIAccount` rows).
    static func accounts(storeHash: String) -> SQLStatement {
        SQLStatement("SELECT * FROM api_accounts WHERE store_hash = ? ORDER BY created_at, client_id", [.text(storeHash)])
    }

    /// The account whose access token has this digest.
    static func account(tokenHash: String) -> SQLStatement {
        SQLStatement("SELECT * FROM api_accounts WHERE token_hash = ?", [.text(tokenHash)])
    }

    /// Gives the account a new token digest; returns a row (`client_id`) only if there was such an account.
    static func replaceAccessToken(storeHash: String, clientID: String, tokenHash: String) -> SQLStatement {
        SQLStatement(
            "UPDATE api_accounts SET token_hash = ? WHERE store_hash = ? AND client_id = ? RETURNING client_id",
            [.text(tokenHash), .text(storeHash), .text(clientID)])
    }

    /// Gives the account a new signing secret, keeping the current one as the previous secret until
    /// `previousExpiresAt` (which drops any older previous one); returns a row (`client_id`) only if
    /// there was such an account.
    static func rotateClientSecret(storeHash: String, clientID: String, newSecret: String, previousExpiresAt: Int64)
        -> SQLStatement
    {
        SQLStatement(
            """
            UPDATE api_accounts
            SET previous_client_secret = client_secret, previous_secret_expires_at = ?, client_secret = ?
            WHERE store_hash = ? AND client_id = ? RETURNING client_id
            """, [.integer(previousExpiresAt), .text(newSecret), .text(storeHash), .text(clientID)])
    }

    /// Deletes the account's webhooks (before the account).
    static func deleteHooks(storeHash: String, clientID: String) -> SQLStatement {
        SQLStatement("DELETE FROM hooks WHERE store_hash = ? AND client_id = ?", [.text(storeHash), .text(clientID)])
    }

    /// Deletes the account; returns a row (`client_id`) only if there was one.
    static func deleteAccount(storeHash: String, clientID: String) -> SQLStatement {
        SQLStatement(
            "DELETE FROM api_accounts WHERE store_hash = ? AND client_id = ? RETURNING client_id",
            [.text(storeHash), .text(clientID)])
    }
}
