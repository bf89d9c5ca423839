/// Lets a publish lease the deliveries it creates to a node's delivery engine in its own
/// transaction, so that the engine sends them at once instead of claiming them from the store
/// afterwards (a second transaction per publish, and the wait for it).
///
/// The engine reserves room for `limit` deliveries before the publish; deliveries beyond the
/// reservation, or for hosts it has no room for, are created pending as usual and claimed later.
public struct PublishLease: Sendable, Equatable {
    /// The node the deliveries are leased to.
    public var node: String
    /// When the lease ends, Unix ms: past this, any node may claim the delivery again.
    public var leaseUntil: Int64
    /// Most deliveries to lease.
    public var limit: Int
    /// Most deliveries to lease for one destination host.
    public var perHostLimit: Int
    /// Hosts to lease nothing for (the engine's queue for them is full).
    public var excludingHosts: Set<String>

    /// A lease of up to `limit` deliveries, at most `perHostLimit` per host and none for `excludingHosts`.
    public init(node: String, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String> = []) {
        self.node = node
        self.leaseUntil = leaseUntil
        self.limit = limit
        self.perHostLimit = perHostLimit
        self.excludingHosts = excludingHosts
    }

    /// Decides, delivery by delivery in the order they are created, which ones the lease takes.
    public struct Allowance: Sendable {
        private let lease: PublishLease
        private var taken = 0
        private var takenPerHost: [String: Int] = [:]

        /// An allowance with nothing taken yet.
        public init(_ lease: PublishLease) {
            self.lease = lease
        }

        /// Whether the next delivery, to `host`, is leased; counts it if so.
        public mutating func takes(host: String) -> Bool {
            guard taken < lease.limit, !lease.excludingHosts.contains(host),
                takenPerHost[host, default: 0] < lease.perHostLimit
            else { return false }
            taken += 1
            takenPerHost[host, default: 0] += 1
            return true
        }
    }
}
