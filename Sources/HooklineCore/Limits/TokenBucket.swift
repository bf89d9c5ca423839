/// A per-webhook request rate (`max_per_second`) as a token bucket: up to `burst` requests at once,
/// then one every `1 / perSecond` seconds. The rule alone, without clocks: time is passed in.
///
/// Kept as the time the next request would be due if the bucket were never full (the generic cell
/// rate algorithm's "theoretical arrival time"), so a request is given the moment it may be sent and
/// that moment is reserved for it; requests asked for at once are spread out, not refused.
public struct TokenBucket: Sendable, Equatable {
    /// Requests per second allowed on average.
    public let perSecond: Int
    /// Requests that may go at once after a quiet spell: the bucket's size.
    public let burst: Int
    /// When the next request would be due with an empty bucket, Unix ms (fractional).
    private var theoreticalArrival: Double

    /// A full bucket for `perSecond` requests a second (at least 1), holding `burst` (by default one
    /// second's worth).
    public init(perSecond: Int, burst: Int? = nil) {
        self.perSecond = max(1, perSecond)
        self.burst = max(1, burst ?? self.perSecond)
        theoreticalArrival = -Double.greatestFiniteMagnitude
    }

    /// Milliseconds between two requests at the steady rate.
    private var interval: Double { 1000 / Double(perSecond) }

    /// Reserves the earliest moment at or after `now` (Unix ms) a request may be sent, and returns the
    /// wait until then in milliseconds (0: at once). If that wait would be longer than `maxWait`,
    /// nothing is reserved and `nil` is returned.
    public mutating func reserve(now: Int64, maxWait: Int64) -> Int64? {
        let current = Double(now)
        let arrival = max(theoreticalArrival, current)
        let sendAt = max(current, arrival + interval - Double(burst) * interval)
        let wait = Int64((sendAt - current).rounded(.up))
        guard wait <= maxWait else { return nil }
        theoreticalArrival = arrival + interval
        return wait
    }

    /// Whether the bucket is full at `now`: it would let a whole burst through, as if never used.
    public func isFull(at now: Int64) -> Bool {
        theoreticalArrival <= Double(now)
    }
}
