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
