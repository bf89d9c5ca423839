/// An event as a publisher sends it, checked: concrete scope, data of the right shape.
public struct EventDraft: Sendable, Equatable {
    /// The publisher's id, the idempotency key within the store; generated when absent.
    public var eventID: String
    /// The concrete scope (`store/order/created`).
    public var scope: String
    /// What the publisher sent as `data`, passed through unchanged.
    public var data: JSONValue
    /// The event's time, Unix seconds.
    public var createdAt: Int64

    /// Creates a draft.
    public init(eventID: String, scope: String, data: JSONValue, createdAt: Int64) {
        self.eventID = eventID
        self.scope = scope
        self.data = data
        self.createdAt = createdAt
    }

    /// The longest publisher event id accepted.
    public static let maxEventIDLength = 200

    /// Whether `data` must be an array for `scope`: BigCommerce's batch price-list scopes carry
    /// a list of records; every other scope carries an object.
    public static func takesArrayData(_ scope: String) -> Bool {
        scope.hasPrefix("store/priceList/records/")
    }
}

/// What publishing one event did.
public struct PublishedEvent: Sendable, Equatable {
    /// The event's id (the publisher's or a generated one).
    public var eventID: String
    /// Deliveries created, one per matching active webhook (for a duplicate: those of the first publish).
    public var deliveries: Int
    /// Whether an event with this id had already been accepted, so nothing was created now.
    public var duplicate: Bool

    /// Creates a result.
    public init(eventID: String, deliveries: Int, duplicate: Bool) {
        self.eventID = eventID
        self.deliveries = deliveries
        self.duplicate = duplicate
    }
}

/// What one publish call did: each event's result, in order, and the new deliveries it leased to
/// the publishing node's engine (see `PublishLease`).
public struct PublishedBatch: Sendable, Equatable {
    /// One result per event published, in order.
    public var events: [PublishedEvent]
    /// The new deliveries leased under the publish's lease, ready to send.
    public var leased: [ClaimedDelivery]
    /// The destination hosts of the new deliveries not leased (left due, for a claim to take).
    public var pendingHosts: Set<String>

    /// Creates a result.
    public init(events: [PublishedEvent], leased: [ClaimedDelivery] = [], pendingHosts: Set<String> = []) {
        self.events = events
        self.leased = leased
        self.pendingHosts = pendingHosts
    }

    /// Deliveries this publish created (duplicates create none).
    public var createdDeliveries: Int {
        events.reduce(0) { $0 + ($1.duplicate ? 0 : $1.deliveries) }
    }
}
