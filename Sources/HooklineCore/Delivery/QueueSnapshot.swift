/// The delivery queue at one moment, over every node: what `/metrics` samples and `status` shows.
public struct QueueSnapshot: Sendable, Equatable, Codable {
    /// Deliveries not yet finished (pending), leased ones included.
    public var pending: Int
    /// Pending deliveries whose time has come and that no node holds.
    public var due: Int
    /// Pending deliveries leased to a node (being sent, or about to be).
    public var leased: Int
    /// Destination domains blocked now, over all clients.
    public var blockedDomains: Int

    /// Creates a snapshot.
    public init(pending: Int, due: Int, leased: Int, blockedDomains: Int) {
        self.pending = pending
        self.due = due
        self.leased = leased
        self.blockedDomains = blockedDomains
    }
}

/// Delivery attempts recorded over a recent window, over every node.
public struct AttemptTally: Sendable, Equatable, Codable {
    /// Attempts started in the window.
    public var attempts: Int
    /// Of those, the ones that failed.
    public var failures: Int

    /// Creates a tally.
    public init(attempts: Int, failures: Int) {
        self.attempts = attempts
        self.failures = failures
    }
}
