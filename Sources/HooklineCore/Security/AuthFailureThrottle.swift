/// How many failed authentications an address may make before it is answered 429 for a while.
public struct AuthFailurePolicy: Sendable, Equatable {
    /// Failures within one window that start a block.
    public var failures: Int
    /// The counting window, in milliseconds.
    public var windowMilliseconds: Int64
    /// How long a blocked address is answered 429, in milliseconds.
    public var blockMilliseconds: Int64
    /// Addresses tracked at once, so a flood from many addresses cannot grow memory without bound.
    public var trackedAddresses: Int

    /// Creates a policy.
    public init(failures: Int, windowMilliseconds: Int64, blockMilliseconds: Int64, trackedAddresses: Int = 100_000) {
        self.failures = failures
        self.windowMilliseconds = windowMilliseconds
        self.blockMilliseconds = blockMilliseconds
        self.trackedAddresses = trackedAddresses
    }

    /// 10 failures in a minute block an address for 5 minutes: a client that lost its token
    /// retries far more slowly than that once it is told 429, and its failures stop filling the log.
    public static let standard = AuthFailurePolicy(failures: 10, windowMilliseconds: 60_000, blockMilliseconds: 300_000)
}

/// Failed authentications per client address, and the rule that answers a persistent failer 429.
///
/// Only failures are counted and only failures are throttled: a valid token from a blocked
/// address is still served. Time is passed in (milliseconds since any fixed epoch).
public struct AuthFailureThrottle: Sendable {
    /// What to answer a failed authentication.
    public enum Verdict: Sendable, Equatable {
        /// 401, and log it.
        case unauthorized
        /// 429 until `retryAfterMilliseconds` pass; `blockStarted` is true for the failure that started it (log that one only).
        case throttled(retryAfterMilliseconds: Int64, blockStarted: Bool)
    }

    private struct Address: Sendable {
        var windowStart: Int64
        var failures: Int
        var blockedUntil: Int64?
    }

    /// The rule's settings.
    public let policy: AuthFailurePolicy
    private var addresses: [String: Address] = [:]

    /// An empty throttle.
    public init(policy: AuthFailurePolicy) {
        self.policy = policy
    }

    /// Records a failed authentication from `address` at `now` and says how to answer it.
    public mutating func recordFailure(from address: String, at now: Int64) -> Verdict {
        if var known = addresses[address] {
            if let blockedUntil = known.blockedUntil, now < blockedUntil {
                return .throttled(retryAfterMilliseconds: blockedUntil - now, blockStarted: false)
            }
            if known.blockedUntil != nil || now - known.windowStart >= policy.windowMilliseconds || now < known.windowStart {
                known = Address(windowStart: now, failures: 0, blockedUntil: nil)
            }
            known.failures += 1
            if known.failures >= policy.failures {
                known.blockedUntil = now + policy.blockMilliseconds
                addresses[address] = known
                return .throttled(retryAfterMilliseconds: policy.blockMilliseconds, blockStarted: true)
            }
            addresses[address] = known
            return .unauthorized
        }
        if addresses.count >= policy.trackedAddresses { forgetSettled(at: now) }
        guard addresses.count < policy.trackedAddresses else { return .unauthorized }
        addresses[address] = Address(windowStart: now, failures: 1, blockedUntil: nil)
        return policy.failures <= 1 ? recordBlock(address, at: now) : .unauthorized
    }

    /// Addresses tracked now.
    public var trackedCount: Int { addresses.count }

    private mutating func recordBlock(_ address: String, at now: Int64) -> Verdict {
        addresses[address]?.blockedUntil = now + policy.blockMilliseconds
        return .throttled(retryAfterMilliseconds: policy.blockMilliseconds, blockStarted: true)
    }

    /// Drops addresses whose window and block are both over: they would start afresh anyway.
    private mutating func forgetSettled(at now: Int64) {
        addresses = addresses.filter { _, known in
            if let blockedUntil = known.blockedUntil { return now < blockedUntil }
            return now - known.windowStart < policy.windowMilliseconds
        }
    }
}
