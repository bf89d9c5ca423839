/// A client's subscription: deliver events of `scope` in its store to `destination`.
public struct Webhook: Sendable, Equatable {
    /// Hookline-wide numeric id, ≥ 1.
    public var id: Int64
    /// The store and API account that own the webhook.
    public var owner: HookOwner
    /// The subscription scope, possibly a wildcard (`store/order/*`).
    public var scope: String
    /// The URL deliveries are POSTed to.
    public var destination: String
    /// Custom headers sent with every delivery, or `nil` when none were given.
    public var headers: [String: String]?
    /// Whether deliveries are made, and if not, who turned them off.
    public var status: WebhookStatus
    /// Whether undeliverable events are kept for `GET /hooks/events`.
    public var eventsHistoryEnabled: Bool
    /// Creation time, Unix seconds.
    public var createdAt: Int64
    /// Last change, Unix seconds.
    public var updatedAt: Int64

    /// Creates a webhook value.
    public init(
        id: Int64, owner: HookOwner, scope: String, destination: String, headers: [String: String]?,
        status: WebhookStatus, eventsHistoryEnabled: Bool, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.owner = owner
        self.scope = scope
        self.destination = destination
        self.headers = headers
        self.status = status
        self.eventsHistoryEnabled = eventsHistoryEnabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// BigCommerce's `is_active`: true only while the webhook receives deliveries.
    public var isActive: Bool { status == .active }
}

/// The store and API account a webhook belongs to; every hooks request is scoped to one.
public struct HookOwner: Sendable, Hashable {
    /// The store's hash.
    public var storeHash: String
    /// The owning API account's client id.
    public var clientID: String

    /// Creates an owner.
    public init(storeHash: String, clientID: String) {
        self.storeHash = storeHash
        self.clientID = clientID
    }
}

/// Whether a webhook is delivering, as shown in `GET /hooks/admin`'s `status`.
public enum WebhookStatus: String, Sendable, Codable, CaseIterable {
    /// Receiving deliveries.
    case active
    /// Turned off by its client (`is_active: false`).
    case inactive
    /// Turned off by Hookline after its retries ran out or its destination answered 410.
    case deactivated
}
