import Foundation

/// The SQL, the same in both stores, of `QueueStatusReading`; each store binds its parameters with
/// its own placeholder spelling (`?1` in SQLite, `$1` in PostgreSQL).
enum QueueStatusSQL {
    /// Four counts of one row (`pending`, `due`, `leased`, `blocked`): parameter 1 is now in Unix ms,
    /// parameter 2 now in Unix seconds (blocks end in seconds). The pending counts walk the partial
    /// indexes of pending deliveries, the blocklist is small.
    static func snapshot(placeholder: (Int) -> String) -> String {
        let nowMilliseconds = placeholder(1)
        let nowSeconds = placeholder(2)
        return """
            SELECT
              \(bothParts("SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND %@")) AS pending,
              \(bothParts("SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND %@ AND next_attempt_at <= \(nowMilliseconds)")) AS due,
              \(bothParts("SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND %@ AND lease_owner IS NOT NULL AND next_attempt_at > \(nowMilliseconds)")) AS leased,
              (SELECT COUNT(*) FROM blocked_domains WHERE blocked_until > \(nowSeconds)) AS blocked
            """
    }

    /// A count over pending deliveries as the sum of its two parts, `hook_limited` or not (`%@` in
    /// `count` stands for either), so that each reads its partial index.
    static func bothParts(_ count: String) -> String {
        "((\(count.replacingOccurrences(of: "%@", with: "NOT hook_limited"))) + (\(count.replacingOccurrences(of: "%@", with: "hook_limited"))))"
    }

    /// Two counts of one row (`attempts`, `failures`) of the attempts started since parameter 1 (Unix ms).
    static func tally(placeholder: (Int) -> String) -> String {
        let since = placeholder(1)
        return """
            SELECT
              (SELECT COUNT(*) FROM attempts WHERE started_at >= \(since)) AS attempts,
              (SELECT COUNT(*) FROM attempts WHERE started_at >= \(since) AND NOT succeeded) AS failures
            """
    }
}
