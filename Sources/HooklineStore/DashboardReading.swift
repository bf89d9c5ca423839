import HooklineCore

/// The reads behind the operator dashboard's overview.
public protocol DashboardReading: Sendable {
    /// Attempts per minute in `from..<to` (Unix ms), the delivery queue and the hosts blocked at `now` (Unix ms).
    func dashboardOverview(from: Int64, to: Int64, now: Int64) async throws -> DashboardOverview
}

/// What the dashboard's overview shows, across every store.
public struct DashboardOverview: Sendable, Equatable {
    /// One minute of attempts.
    public struct Minute: Sendable, Equatable {
        /// The minute, as Unix ms divided by 60,000.
        public var minute: Int64
        /// Attempts the destination accepted.
        public var succeeded: Int
        /// Attempts that failed.
        public var failed: Int

        /// Creates a minute.
        public init(minute: Int64, succeeded: Int, failed: Int) {
            self.minute = minute
            self.succeeded = succeeded
            self.failed = failed
        }
    }

    /// The minutes that had attempts, oldest first (minutes without any are absent).
    public var minutes: [Minute]
    /// Pending deliveries no node holds (waiting for their time or for a node).
    public var queued: Int
    /// Pending deliveries a node holds a live lease on (being attempted).
    public var inFlight: Int
    /// Destination hosts blocked right now, over all clients.
    public var blockedDomains: Int

    /// Creates an overview.
    public init(minutes: [Minute], queued: Int, inFlight: Int, blockedDomains: Int) {
        self.minutes = minutes
        self.queued = queued
        self.inFlight = inFlight
        self.blockedDomains = blockedDomains
    }
}
