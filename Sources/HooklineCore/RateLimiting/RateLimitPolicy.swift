/// A fixed-window request quota per access token, as BigCommerce applies to its API.
public struct RateLimitPolicy: Sendable, Equatable {
    /// Requests allowed per window.
    public var quota: Int
    /// Window length in milliseconds.
    public var windowMilliseconds: Int64

    /// Creates a policy.
    public init(quota: Int, windowMilliseconds: Int64) {
        self.quota = quota
        self.windowMilliseconds = windowMilliseconds
    }

    /// BigCommerce's standard-plan quota: 150 requests per 30 seconds.
    public static let bigCommerceStandard = RateLimitPolicy(quota: 150, windowMilliseconds: 30_000)
}

/// The result of counting one request against a quota: what the `X-Rate-Limit-*` headers say.
public struct RateLimitDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public var allowed: Bool
    /// Requests allowed per window.
    public var quota: Int
    /// Requests left in the current window after this one.
    public var remaining: Int
    /// Window length in milliseconds.
    public var windowMilliseconds: Int64
    /// Milliseconds until the window resets.
    public var resetMilliseconds: Int64

    /// Creates a decision.
    public init(allowed: Bool, quota: Int, remaining: Int, windowMilliseconds: Int64, resetMilliseconds: Int64) {
        self.allowed = allowed
        self.quota = quota
        self.remaining = remaining
        self.windowMilliseconds = windowMilliseconds
        self.resetMilliseconds = resetMilliseconds
    }
}

/// One token's current window: the counting rule, without storage or clocks.
public struct RateLimitWindow: Sendable, Equatable {
    /// When the window started, milliseconds since an arbitrary epoch.
    public var startMilliseconds: Int64
    /// Requests counted in this window.
    public var count: Int

    /// Creates a window.
    public init(startMilliseconds: Int64, count: Int = 0) {
        self.startMilliseconds = startMilliseconds
        self.count = count
    }

    /// Counts one request made at `now` and says whether it is within the quota.
    public mutating func record(at now: Int64, policy: RateLimitPolicy) -> RateLimitDecision {
        if now - startMilliseconds >= policy.windowMilliseconds || now < startMilliseconds {
            startMilliseconds = now
            count = 0
        }
        let allowed = count < policy.quota
        if allowed { count += 1 }
        return RateLimitDecision(
            allowed: allowed, quota: policy.quota, remaining: max(0, policy.quota - count),
            windowMilliseconds: policy.windowMilliseconds,
            resetMilliseconds: max(0, startMilliseconds + policy.windowMilliseconds - now))
    }
}
