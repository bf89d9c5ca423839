/// Where a delivery stands: due or leased (`pending`), or finished one of three ways.
///
/// A leased delivery is still `pending`, with a lease owner and its lease's end as next attempt
/// time; an expired lease makes it due again.
public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt, or being attempted under a lease.
    case pending
    /// Delivered.
    case succeeded
    /// Given up: retries exhausted, or the destination answered 410.
    case failed
    /// Dropped without sending: its webhook was inactive, deleted, or its account revoked.
    case cancelled

    /// Whether a delivery in this state, with this lease owner and next attempt time (the lease's
    /// end while leased, Unix ms), is being attempted at `now`: pending under a lease not yet run out.
    public func isLeased(leaseOwner: String?, nextAttemptAt: Int64, now: Int64) -> Bool {
        self == .pending && leaseOwner != nil && nextAttemptAt > now
    }
}
