/// Attempts and successes per client, destination host and second, counted from a batch of
/// outcomes: the blocklist's sliding window is kept in these per-second counts, so judging a host
/// reads at most one row per second of the window instead of every attempt in it.
public struct AttemptWindowTally: Sendable, Equatable {
    /// One client's host in one second (Unix seconds of the attempt's start).
    public struct Key: Hashable, Sendable, Comparable {
        /// The account.
        public var clientID: String
        /// The destination host.
        public var host: String
        /// The second the attempts started in (Unix seconds).
        public var second: Int64

        /// Creates a key.
        public init(clientID: String, host: String, second: Int64) {
            self.clientID = clientID
            self.host = host
            self.second = second
        }

        /// Client, then host, then second.
        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.clientID, lhs.host, lhs.second) < (rhs.clientID, rhs.host, rhs.second)
        }
    }

    /// Attempts and successes in one second.
    public struct Counts: Sendable, Equatable {
        /// Attempts made.
        public var attempts = 0
        /// Of which succeeded.
        public var successes = 0

        /// Creates counts.
        public init(attempts: Int = 0, successes: Int = 0) {
            self.attempts = attempts
            self.successes = successes
        }
    }

    /// The counts, by key.
    public private(set) var counts: [Key: Counts] = [:]

    /// An empty tally.
    public init() {}

    /// The counts in key order (the order writes take, so concurrent writers lock rows alike).
    public var sortedEntries: [(key: Key, value: Counts)] {
        counts.sorted { $0.key < $1.key }
    }

    /// Counts an attempt the blocklist window judges; attempts refused because the domain was already
    /// blocked do not count (as BigCommerce's rule looks at real attempts only).
    public mutating func add(clientID: String, host: String, result: AttemptResult) {
        guard result.errorClass != .domainBlocked else { return }
        let key = Key(clientID: clientID, host: host, second: result.startedAtMilliseconds / 1000)
        counts[key, default: Counts()].attempts += 1
        if result.succeeded { counts[key, default: Counts()].successes += 1 }
    }

    /// The first second inside the window that ends at `now` (Unix ms).
    public static func windowStart(now: Int64, policy: BlocklistPolicy) -> Int64 {
        (now - policy.windowSeconds * 1000) / 1000
    }
}
