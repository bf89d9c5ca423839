/// When a client's destination host goes on the blocklist: BigCommerce's rule, configurable.
///
/// Over a sliding window, if at least `minimumAttempts` were made and fewer than
/// `minimumSuccessRatio` of them succeeded, the host is blocked for `blockSeconds`.
public struct BlocklistPolicy: Sendable, Equatable {
    /// Sliding window length, seconds.
    public var windowSeconds: Int64
    /// Attempts in the window needed before the ratio counts.
    public var minimumAttempts: Int
    /// Success ratio under which the host is blocked.
    public var minimumSuccessRatio: Double
    /// How long a block lasts, seconds.
    public var blockSeconds: Int64

    /// Creates a policy.
    public init(windowSeconds: Int64, minimumAttempts: Int, minimumSuccessRatio: Double, blockSeconds: Int64) {
        self.windowSeconds = windowSeconds
        self.minimumAttempts = minimumAttempts
        self.minimumSuccessRatio = minimumSuccessRatio
        self.blockSeconds = blockSeconds
    }

    /// BigCommerce's: 2 minutes, 100 attempts, 90%, 3 minutes.
    public static let bigCommerce = BlocklistPolicy(
        windowSeconds: 120, minimumAttempts: 100, minimumSuccessRatio: 0.9, blockSeconds: 180)

    /// Whether a window with these counts blocks the host.
    public func shouldBlock(attempts: Int, successes: Int) -> Bool {
        attempts >= minimumAttempts && Double(successes) < minimumSuccessRatio * Double(attempts)
    }

    /// When a block made at `now` (Unix ms) ends, Unix seconds.
    public func blockEnd(now: Int64) -> Int64 { now / 1000 + blockSeconds }

    /// Where the window that ends at `now` starts (both Unix ms): the failures a block lists are
    /// the attempts since.
    public func windowStart(now: Int64) -> Int64 { now - windowSeconds * 1000 }
}
