import HooklineCore

/// The delivery queue: publishing events creates deliveries; engines claim them under a lease,
/// complete them (or release them) and learn when more work may be due. The delivery engine
/// depends on this role alone.
///
/// One role of `HooklineStorage`. Every method is one transaction: a method that throws has changed
/// nothing. Every `now` here is Unix milliseconds.
public protocol DeliveryQueue: EventPublishing {
    /// Accepts events in one transaction: each new event with its callback payload and one pending
    /// delivery per matching active webhook of the store. An event whose id the store already has is
    /// a duplicate: nothing is written and the first result is returned. Throws `storeNotFound`.
    ///
    /// With a `lease`, the new deliveries it takes (`PublishLease.Allowance`, in creation order) are
    /// created leased to its node, as `claimDeliveries` would lease them, and returned claimed.
    func publish(_ events: [EventDraft], storeHash: String, now: Int64, lease: PublishLease?) async throws -> PublishedBatch

    /// Leases up to `limit` due deliveries for `node` until `leaseUntil` (Unix ms), at most
    /// `perHostLimit` per destination host and none for `excludingHosts`.
    func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery]

    /// Writes a batch of completions in one transaction (attempt log, delivery state, webhook
    /// deactivation, events history, blocklist, exception notices); returns how many new deliveries
    /// (notices) it created. A completion whose lease `node` no longer holds has its attempt logged
    /// but does not change the delivery. A `.released` completion gives its lease back: the
    /// delivery is due again at once.
    func completeDeliveries(_ completions: [DeliveryCompletion], node: String, rules: CompletionRules, now: Int64)
        async throws -> Int

    /// When the earliest pending delivery falls due (Unix ms), if any.
    func nextDeliveryDue() async throws -> Int64?

    /// Tells its one consumer, by yielding, that deliveries may have become due through a write the
    /// consumer did not hand it: PostgreSQL's from any node (`LISTEN`), SQLite's from its own
    /// publishes that leased nothing, retries and replays. It yields once as soon as it listens, since
    /// work may have become due while nobody listened; yields that come while the consumer is busy
    /// collapse into one. The stream ends when the consumer's task is cancelled; a lost connection is
    /// listened to again, not thrown.
    func newWork() -> AsyncStream<Void>
}

extension DeliveryQueue {
    /// Publishes without leasing any delivery: every new delivery is created pending, for a claim.
    /// This makes every queue an `EventPublishing`, the one a node without delivery uses.
    public func publish(_ events: [EventDraft], storeHash: String, now: Int64) async throws -> [PublishedEvent] {
        try await publish(events, storeHash: storeHash, now: now, lease: nil).events
    }
}
