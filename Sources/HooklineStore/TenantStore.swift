import HooklineCore

/// Who may use Hookline: the operator's admin token, stores, their API accounts, and each
/// account's client API request quota.
///
/// One role of `HooklineStorage`. Every method is one transaction: a method that throws has changed
/// nothing. Times are Unix seconds supplied by the caller unless a method says otherwise.
public protocol TenantStore: Sendable {
    // MARK: Operator settings

    /// The SHA-256 hex digest of the operator's admin token, if one was set.
    func adminTokenHash() async throws -> String?
    /// Replaces the admin token's digest.
    func setAdminTokenHash(_ hash: String) async throws

    // MARK: Client API rate limit

    /// Counts one client API request by `key` at `now` (Unix ms) against `policy`, in a window every
    /// node shares where several nodes share the storage.
    func recordRequest(key: String, policy: RateLimitPolicy, now: Int64) async throws -> RateLimitDecision

    // MARK: Stores

    /// Creates a store with the next numeric `store_id`; throws `StorageError.storeExists`.
    func createStore(hash: String, now: Int64) async throws -> CommerceStore
    /// The store with this hash, if any.
    func store(hash: String) async throws -> CommerceStore?
    /// Stores in creation order.
    func stores(page: PageRequest) async throws -> Page<CommerceStore>

    // MARK: API accounts

    /// Saves a new account with the digest of its access token; throws `StorageError.storeNotFound`.
    func createAccount(_ account: APIAccount, tokenHash: String) async throws
    /// The store's accounts in creation order.
    func accounts(storeHash: String) async throws -> [APIAccount]
    /// The account whose access token has this digest.
    func account(tokenHash: String) async throws -> APIAccount?
    /// Gives an existing account a new access token (the old one stops working); false if no such account.
    func replaceAccessToken(storeHash: String, clientID: String, tokenHash: String) async throws -> Bool
    /// Gives an existing account a new signing secret; the current one keeps signing beside it until
    /// `previousExpiresAt` (Unix seconds) and any older one stops. False if no such account.
    func rotateClientSecret(storeHash: String, clientID: String, newSecret: String, previousExpiresAt: Int64)
        async throws -> Bool
    /// Deletes an account and its webhooks; false if there was no such account.
    func revokeAccount(storeHash: String, clientID: String) async throws -> Bool
}
