import HooklineCore

/// Webhooks and their owners' notification emails: what the client API's `/hooks` and
/// `/hooks/admin` change.
///
/// One role of `HooklineStorage`. Every method is one transaction: a method that throws has changed
/// nothing. Times are Unix seconds supplied by the caller.
public protocol HookStore: Sendable {
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
    /// A webhook of the store, whoever owns it (the operator's view).
    func hook(id: Int64, storeHash: String) async throws -> Webhook?

    // MARK: Notification emails

    /// The owner's notification emails (`GET /hooks/admin`).
    func notificationEmails(owner: HookOwner) async throws -> [String]
    /// Replaces the owner's notification emails (`PUT /hooks/admin`).
    func setNotificationEmails(_ emails: [String], owner: HookOwner) async throws
}
