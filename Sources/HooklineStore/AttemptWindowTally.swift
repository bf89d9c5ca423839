import HooklineCore

/// Attempts and successes per client, destination host and second, counted from a batch of
/// outcomes: the blocklist's sliding window is kept in these per-second counts, so judging a host
/// reads at most one row per second of the window instead of every attempt in it.
struct AttemptWindowTally {
    /// One client's host in one second (Unix seconds of the attempt's start).
    struct Key: Hashable {
        var clientID: String
        var host: String
        var second: Int64
    }

    /// Attempts and successes in one second.
    struct Counts {
        var attempts = 0
        var successes = 0
    }

    /// The counts, by key.
    private(set) var counts: [Key: Counts] = [:]

    /// Counts an attempt the blocklist window judges; attempts refused because the domain was already
    /// blocked do not count (as BigCommerce's rule looks at real attempts only).
    mutating func add(clientID: String, host: String, result: AttemptResult) {
        guard result.errorClass != .domainBlocked else { return }
        let key = Key(clientID: clientID, host: host, second: result.startedAtMilliseconds / 1000)
        counts[key, default: Counts()].attempts += 1
        if result.succeeded { counts[key, default: Counts()].successes += 1 }
    }

    /// The first second inside the window that ends at `now` (Unix ms).
    static func windowStart(now: Int64, policy: BlocklistPolicy) -> Int64 {
        (now - policy.windowSeconds * 1000) / 1000
    }
}
