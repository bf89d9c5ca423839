import HooklineCore

/// Everything Hookline keeps: stores, API accounts, webhooks and operator settings.
///
/// One protocol with one implementation per database (SQLite embedded, PostgreSQL for several
/// nodes); both pass the same test suite. Every method is one transaction: a method that throws
/// has changed nothing. Times are Unix seconds supplied by the caller.
public protocol HooklineStorage: DashboardReading {
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

    // MARK: Events and deliveries

    /// Accepts events in one transaction: each new event with its callback payload and one pending
    /// delivery per matching active webhook of the store. An event whose id the store already has is
    /// a duplicate: nothing is written and the first result is returned. Throws `storeNotFound`.
    ///
    /// With a `lease`, the new deliveries it takes (`PublishLease.Allowance`, in creation order) are
    /// created leased to its node, as `claimDeliveries` would lease them, and returned claimed.
    ///
    /// In this section every `now` is Unix milliseconds.
    func publish(_ events: [EventDraft], storeHash: String, now: Int64, lease: PublishLease?) async throws -> PublishedBatch

    /// Leases up to `limit` due deliveries for `node` until `leaseUntil` (Unix ms), at most
    /// `perHostLimit` per destination host and none for `excludingHosts`.
    func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery]

    /// Writes a batch of completions in one transaction (attempt log, delivery state, webhook
    /// deactivation, events history, blocklist, exception notices); returns how many new deliveries
    /// (notices) it created. `now` is Unix ms. A completion whose lease `node` no longer holds has its
    /// attempt logged but does not change the delivery.
    func completeDeliveries(_ completions: [DeliveryCompletion], node: String, rules: CompletionRules, now: Int64)
        async throws -> Int

    /// When the earliest pending delivery falls due (Unix ms), if any.
    func nextDeliveryDue() async throws -> Int64?

    // MARK: Delivery log and operator actions

    /// A page of attempts, newest first.
    func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord>
    /// Makes one delivery of the store due now (also a failed or cancelled one).
    func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome
    /// Creates a new delivery to the webhook for each of the store's events created in
    /// `since...until` (Unix seconds) whose scope the webhook matches; returns how many.
    func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int
    /// The deliveries of the store: one by id, or all of one event (publisher's id), in id order.
    func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord]
    /// A webhook of the store, whoever owns it.
    func hook(id: Int64, storeHash: String) async throws -> Webhook?

    // MARK: Client views

    /// The owner's events that could not be delivered to a webhook with events history enabled,
    /// as their callback payloads (JSON), oldest first.
    func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    /// The owner's destination hosts blocked at `now` (Unix ms).
    func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain]
}

extension HooklineStorage {
    /// Publishes without leasing any delivery: every new delivery is created pending.
    public func publish(_ events: [EventDraft], storeHash: String, now: Int64) async throws -> [PublishedEvent] {
        try await publish(events, storeHash: storeHash, now: now, lease: nil).events
    }
}
