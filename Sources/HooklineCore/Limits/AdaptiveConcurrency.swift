/// One destination host's in-flight limit, adapted to its answers: AIMD (additive increase,
/// multiplicative decrease), as TCP does with its congestion window.
///
/// A host that fails (a timeout, a refused or broken connection, a 5xx or 429) or answers slower than
/// it usually does has its limit multiplied by `decreaseFactor` (halved by default), at most once per
/// window; a window of good answers since the last change raises it by one, up to `maximum`. The
/// limit never goes below 1, so a struggling host still gets one request at a time and shows when it
/// recovers. The usual latency is a moving average of good answers that follows a faster answer
/// quickly and a slower one slowly, so that a slow first answer (a cold connection, a busy moment)
/// does not pass for the host's usual pace; a host that has answered only slowly for
/// `settleMilliseconds` (a minute by default) is taken as it is: its slow answers' average becomes its
/// usual latency, and its limit grows back.
///
/// Plain value, no clock: the engine passes each outcome with its time.
public struct AdaptiveConcurrency: Sendable, Equatable {
    /// What one answer says about the host's load.
    public enum Signal: Sendable, Equatable {
        /// An answer (any status that is not a sign of overload) after this many milliseconds.
        case answered(milliseconds: Int64)
        /// A sign of overload: a timeout, a connection refused or cut, a 5xx or a 429.
        case overloaded
        /// Says nothing about load (a DNS or TLS failure, a forbidden address): ignored.
        case neutral
    }

    /// The rules.
    public let policy: AdaptiveConcurrencyPolicy
    /// The host's limit now.
    public private(set) var limit: Int
    /// The host's usual latency, milliseconds; `nil` before its first answer.
    public private(set) var usualLatency: Double?
    /// When the limit last changed, Unix ms.
    private var lastChange: Int64?
    /// When the limit was last decreased, Unix ms.
    private var lastDecrease: Int64?
    /// Since when only good answers came (`nil` right after a sign of overload), Unix ms.
    private var goodSince: Int64?
    /// Since when only slow answers came (`nil` after a good one), Unix ms.
    private var slowSince: Int64?
    /// Moving average of the slow answers since `slowSince`, milliseconds.
    private var slowLatency: Double?

    /// A host not heard from yet: its limit is the maximum.
    public init(policy: AdaptiveConcurrencyPolicy) {
        self.policy = policy
        limit = policy.maximum
    }

    /// Weight of an answer in the moving averages.
    static let weight = 0.1
    /// Weight of a good answer faster than the usual latency: a few of them bring it down.
    static let fasterWeight = 0.5

    /// Whether an answer after `milliseconds` counts as slow for this host.
    public func isSlow(milliseconds: Int64) -> Bool {
        guard let usual = usualLatency, milliseconds > policy.slowFloorMilliseconds else { return false }
        return Double(milliseconds) > usual * policy.latencyTolerance
    }

    /// Takes one outcome observed at `now` (Unix ms) into account; returns whether the limit changed.
    @discardableResult
    public mutating func record(_ signal: Signal, at now: Int64) -> Bool {
        guard policy.enabled else { return false }
        switch signal {
        case .neutral:
            return false
        case .overloaded:
            return overloaded(at: now)
        case .answered(let milliseconds):
            let latency = Double(milliseconds)
            guard isSlow(milliseconds: milliseconds) else {
                usualLatency = usualLatency.map { $0 + (latency - $0) * (latency < $0 ? Self.fasterWeight : Self.weight) } ?? latency
                slowSince = nil
                slowLatency = nil
                return answeredWell(at: now)
            }
            slowLatency = slowLatency.map { $0 + (latency - $0) * Self.weight } ?? latency
            let since = slowSince ?? now
            slowSince = since
            guard now - since >= policy.settleMilliseconds else { return overloaded(at: now) }
            // Slow for good: that is how this host answers now.
            usualLatency = slowLatency
            slowSince = nil
            slowLatency = nil
            return answeredWell(at: now)
        }
    }

    /// A sign of overload: cut the limit, unless it was cut less than a window ago (answers to requests
    /// sent under the old limit do not cut it again).
    private mutating func overloaded(at now: Int64) -> Bool {
        goodSince = nil
        if let lastDecrease, now - lastDecrease < policy.windowMilliseconds { return false }
        let lowered = max(1, Int((Double(limit) * policy.decreaseFactor).rounded(.down)))
        guard lowered < limit else { return false }
        limit = lowered
        lastDecrease = now
        lastChange = now
        return true
    }

    /// A good answer: raise the limit by one once a window has passed with good answers only since the
    /// last change.
    private mutating func answeredWell(at now: Int64) -> Bool {
        let since = max(goodSince ?? now, lastChange ?? now)
        if goodSince == nil { goodSince = now }
        guard limit < policy.maximum, now - since >= policy.windowMilliseconds else { return false }
        limit += 1
        lastChange = now
        return true
    }
}

extension AdaptiveConcurrency.Signal {
    /// What an attempt's result says about its host's load: timeouts, connection failures, 5xx and 429
    /// are overload; any other answer is an answer after its duration; the rest says nothing.
    public init(_ result: AttemptResult) {
        switch result.errorClass {
        case .timeout, .connection:
            self = .overloaded
        case nil, .httpStatus:
            guard let status = result.statusCode else {
                self = .neutral
                return
            }
            self = status >= 500 || status == 429 ? .overloaded : .answered(milliseconds: result.durationMilliseconds)
        case .dns, .tls, .forbiddenAddress, .domainBlocked, .other:
            self = .neutral
        }
    }
}
