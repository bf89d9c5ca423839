import HooklineCore
import HooklineStore

/// Creates stores and API accounts with fresh credentials: used by the admin API and by `serve --demo`.
public struct TenantProvisioning: Sendable {
    /// Where tenants are kept.
    public let storage: any HooklineStorage

    /// Creates a provisioner over `storage`.
    public init(storage: any HooklineStorage) {
        self.storage = storage
    }

    /// An account's credentials as issued: the access token exists only here, never in storage.
    public struct IssuedAccount: Sendable {
        /// The saved account (with its `client_secret`).
        public var account: APIAccount
        /// The access token, shown once.
        public var accessToken: String
    }

    /// Creates a store, generating a hash when none is given.
    public func createStore(hash: String?) async throws -> CommerceStore {
        try await storage.createStore(hash: hash ?? Credentials.newStoreHash(), now: WallClock.now())
    }

    /// Creates an API account in a store with a new client id, client secret and access token.
    public func createAccount(storeHash: String, name: String) async throws -> IssuedAccount {
        let account = APIAccount(
            clientID: Credentials.newClientID(), storeHash: storeHash, name: name,
            clientSecret: Credentials.newClientSecret(), createdAt: WallClock.now())
        let token = Credentials.newAccessToken()
        try await storage.createAccount(account, tokenHash: Credentials.tokenHash(token))
        return IssuedAccount(account: account, accessToken: token)
    }

    /// An account's new signing secret as issued: shown once, with when the replaced one stops signing.
    public struct RotatedSecret: Sendable {
        /// The new `client_secret`.
        public var clientSecret: String
        /// Until when (Unix seconds) the replaced secret still signs.
        public var previousExpiresAt: Int64
    }

    /// Gives an account a new signing secret; the old one signs beside it for `rotation`'s overlap.
    /// `nil` if the store has no such account.
    public func rotateClientSecret(storeHash: String, clientID: String, rotation: SecretRotation) async throws
        -> RotatedSecret?
    {
        let secret = Credentials.newClientSecret()
        let expiresAt = rotation.previousExpiresAt(now: WallClock.now())
        guard
            try await storage.rotateClientSecret(
                storeHash: storeHash, clientID: clientID, newSecret: secret, previousExpiresAt: expiresAt)
        else { return nil }
        return RotatedSecret(clientSecret: secret, previousExpiresAt: expiresAt)
    }

    /// Gives an account a new access token (the old one is refused from now on); `nil` if the store
    /// has no such account.
    public func rotateAccessToken(storeHash: String, clientID: String) async throws -> String? {
        let token = Credentials.newAccessToken()
        guard
            try await storage.replaceAccessToken(
                storeHash: storeHash, clientID: clientID, tokenHash: Credentials.tokenHash(token))
        else { return nil }
        return token
    }

    /// Makes sure a store with `storeHash` and an account named `accountName` exist, and gives that
    /// account a new access token (the only way to show a token again, since only its hash is kept).
    public func ensureDemoTenant(storeHash: String, accountName: String) async throws -> (CommerceStore, IssuedAccount) {
        let store: CommerceStore
        if let existing = try await storage.store(hash: storeHash) {
            store = existing
        } else {
            store = try await createStore(hash: storeHash)
        }
        if let account = try await storage.accounts(storeHash: storeHash).first(where: { $0.name == accountName }),
            let token = try await rotateAccessToken(storeHash: storeHash, clientID: account.clientID)
        {
            return (store, IssuedAccount(account: account, accessToken: token))
        }
        return (store, try await createAccount(storeHash: storeHash, name: accountName))
    }

    /// Makes sure `owner` has one webhook to `destination` (the demo receiver) for `scope`: an
    /// earlier start's webhook to another address of the same path is moved there and reactivated.
    public func ensureDemoWebhook(owner: HookOwner, scope: String, destination: String, path: String) async throws -> Webhook {
        let hooks = try await storage.hooks(owner: owner, filter: WebhookFilter(scope: scope), page: PageRequest(page: 1, limit: 250))
        if let existing = hooks.items.first(where: { $0.destination.hasSuffix(path) }) {
            guard existing.destination != destination || !existing.isActive else { return existing }
            let changes = WebhookChanges(destination: destination, isActive: true)
            if let updated = try await storage.updateHook(
                id: existing.id, owner: owner, changes: changes, limits: .bigCommerce, now: WallClock.now())
            {
                return updated
            }
        }
        return try await storage.createHook(
            WebhookDraft(scope: scope, destination: destination, isActive: true), owner: owner, limits: .bigCommerce,
            now: WallClock.now())
    }
}
