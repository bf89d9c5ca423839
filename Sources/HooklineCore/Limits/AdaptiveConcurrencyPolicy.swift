/// How the in-flight limit of a destination host adapts to its answers (`--adaptive-concurrency`
/// and the options after it): the bounds and the timing of additive increase, multiplicative decrease.
public struct AdaptiveConcurrencyPolicy: Sendable, Equatable {
    /// Whether the limit adapts; when off, every host keeps `maximum`.
    public var enabled: Bool
    /// The most requests in flight to one host (`--per-host-concurrency`), where every limit starts.
    public var maximum: Int
    /// Milliseconds between two changes of a host's limit: a decrease waits this long after the last
    /// change (answers to requests sent under the old limit do not cut it again), an increase needs
    /// this long of good answers.
    public var windowMilliseconds: Int64
    /// An answer slower than this many milliseconds may count as slow (below it never does, so
    /// loopback noise on a fast host cuts nothing).
    public var slowFloorMilliseconds: Int64
    /// An answer slower than this multiple of the host's usual latency counts as slow.
    public var latencyTolerance: Double
    /// The factor a decrease multiplies the limit by (rounded down, at least 1).
    public var decreaseFactor: Double
    /// Milliseconds of only slow answers after which a host's slowness is taken as its usual latency
    /// (a host that has become slow for good gets its limit back, step by step).
    public var settleMilliseconds: Int64

    /// Creates a policy; the defaults are `hookline serve`'s.
    public init(
        enabled: Bool = true, maximum: Int = 16, windowMilliseconds: Int64 = 1000, slowFloorMilliseconds: Int64 = 250,
        latencyTolerance: Double = 2, decreaseFactor: Double = 0.5, settleMilliseconds: Int64 = 60_000
    ) {
        self.enabled = enabled
        self.maximum = max(1, maximum)
        self.windowMilliseconds = max(1, windowMilliseconds)
        self.slowFloorMilliseconds = max(0, slowFloorMilliseconds)
        self.latencyTolerance = max(1, latencyTolerance)
        self.decreaseFactor = min(max(decreaseFactor, 0), 1)
        self.settleMilliseconds = max(1, settleMilliseconds)
    }

    /// Adaptation off: every host's limit is `maximum`.
    public static func fixed(maximum: Int) -> AdaptiveConcurrencyPolicy {
        AdaptiveConcurrencyPolicy(enabled: false, maximum: maximum)
    }
}
