import Foundation
import HooklineCore

/// Counts client requests per access account in fixed windows.
///
/// Kept in this process's memory: with several nodes each node counts its own share.
actor RateLimiter {
    private let policy: RateLimitPolicy
    private var windows: [String: RateLimitWindow] = [:]
    private var lastSweep: Int64 = 0

    init(policy: RateLimitPolicy) {
        self.policy = policy
    }

    /// Counts one request by `key` now.
    func record(key: String) -> RateLimitDecision {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        sweepExpiredWindows(now: now)
        var window = windows[key] ?? RateLimitWindow(startMilliseconds: now)
        let decision = window.record(at: now, policy: policy)
        windows[key] = window
        return decision
    }

    /// Forgets windows that have ended, at most once per window length, so memory stays bounded.
    private func sweepExpiredWindows(now: Int64) {
        guard now - lastSweep >= policy.windowMilliseconds else { return }
        lastSweep = now
        windows = windows.filter { now - $0.value.startMilliseconds < policy.windowMilliseconds }
    }
}
