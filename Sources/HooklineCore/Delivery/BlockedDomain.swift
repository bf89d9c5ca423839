/// A destination on a client's blocklist, as `GET /hooks/admin` shows it.
public struct BlockedDomain: Sendable, Equatable {
    /// The destination host.
    public var host: String
    /// A destination URL of the client on that host.
    public var destination: String
    /// When the block ends, Unix seconds.
    public var blockedUntil: Int64
    /// What failed, grouped: description, count, last time.
    public var reasons: [Reason]

    /// Creates a value.
    public init(host: String, destination: String, blockedUntil: Int64, reasons: [Reason]) {
        self.host = host
        self.destination = destination
        self.blockedUntil = blockedUntil
        self.reasons = reasons
    }

    /// One kind of failure in the window that blocked the host.
    public struct Reason: Sendable, Equatable, Codable {
        /// What failed (`HTTP 500`, `timeout`, …).
        public var failure_description: String
        /// How many attempts failed so.
        public var count: Int
        /// The latest such failure, Unix seconds.
        public var timestamp: Int64

        /// Creates a reason.
        public init(failure_description: String, count: Int, timestamp: Int64) {
            self.failure_description = failure_description
            self.count = count
            self.timestamp = timestamp
        }
    }

    /// The reasons as a block lists them: the most frequent failures first, ties by description.
    public static func ranked(_ reasons: [Reason]) -> [Reason] {
        reasons.sorted { ($1.count, $0.failure_description) < ($0.count, $1.failure_description) }
    }
}
