import HooklineCore

/// Everything Hookline keeps: stores, API accounts, webhooks and operator settings.
///
/// One protocol with one implementation per database (SQLite embedded, PostgreSQL for several
/// nodes); both pass the same test suite. Every method is one transaction: a method that throws
/// has changed nothing. Times are Unix seconds supplied by the caller.
public protocol HooklineStorage: Sendable {
    // MARK: Operator settings

    /// The SHA-256 hex digest of the operator's admin token, if one was set.
    func adminTokenHash() async throws -> String?
    /// Replaces the admin token's digest.
    func setAdminTokenHash(_ hash: String) async throws

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
    /// Deletes an account and its webhooks; false if there was no such account.
    func revokeAccount(storeHash: String, clientID: String) async throws -> Bool

    // MARK: Webhooks

    /// Creates a webhook; throws `StorageError.duplicateHook` or `.hookLimitReached` past the limits.
    func createHook(_ draft: WebhookDraft, owner: HookOwner, limits: WebhookLimits, now: Int64) async throws -> Webhook
    /// One of the owner's webhooks.
    func hook(id: Int64, owner: HookOwner) async throws -> Webhook?
    /// A page of the owner's webhooks, in id order.
    func hooks(owner: HookOwner, filter: WebhookFilter, page: PageRequest) async throws -> Page<Webhook>
    /// Applies a partial update under the same limits as creation; `nil` if the owner has no such webhook.
    func updateHook(id: Int64, owner: HookOwner, changes: WebhookChanges, limits: WebhookLimits, now: Int64)
        async throws -> Webhook?
    /// Deletes one of the owner's webhooks and returns it as it was; `nil` if there was none.
    func deleteHook(id: Int64, owner: HookOwner) async throws -> Webhook?

    // MARK: Notification emails

    /// The owner's notification emails (`GET /hooks/admin`).
    func notificationEmails(owner: HookOwner) async throws -> [String]
    /// Replaces the owner's notification emails (`PUT /hooks/admin`).
    func setNotificationEmails(_ emails: [String], owner: HookOwner) async throws
}
