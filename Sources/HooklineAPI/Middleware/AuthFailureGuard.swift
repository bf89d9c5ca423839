import Foundation
import Hummingbird
import HooklineCore
import Logging
import Metrics
import Synchronization

/// Answers failed authentications (a client's or the operator's token, and the dashboard's login
/// form, which shares the admin API's guard): counts them (`HooklineMetrics.Name.authFailures`, by API), logs them
/// with the client address, and answers an address that keeps failing 429 (logged once per block)
/// as `AuthFailureThrottle` decides, so a client that lost its token cannot flood the log.
final class AuthFailureGuard: Sendable {
    /// Which API a failure happened on: the metric's only label, so its values stay bounded.
    enum API: String, Sendable {
        case client
        case admin
        /// The inbound gateway's signature checks.
        case inbound
    }

    private let throttle: Mutex<AuthFailureThrottle>
    private let counters: [API: Counter]
    private let now: @Sendable () -> Int64

    /// A guard applying `policy`; `now` gives milliseconds since any fixed epoch.
    init(policy: AuthFailurePolicy, now: @escaping @Sendable () -> Int64 = { WallClock.nowMilliseconds() }) {
        self.throttle = Mutex(AuthFailureThrottle(policy: policy))
        self.counters = Dictionary(
            uniqueKeysWithValues: [API.client, .admin, .inbound].map {
                ($0, Counter(label: HooklineMetrics.Name.authFailures, dimensions: [("api", $0.rawValue)]))
            })
        self.now = now
    }

    /// The error to answer a request whose authentication failed with `unauthorized`.
    func reject(_ unauthorized: APIError, api: API, context: HooklineRequestContext, path: String) -> APIError {
        counters[api]?.increment()
        let address = context.clientAddress
        let verdict = throttle.withLock { $0.recordFailure(from: address, at: now()) }
        switch verdict {
        case .unauthorized:
            context.logger.notice("authentication failed", metadata: ["api": "\(api.rawValue)", "path": "\(path)"])
            return unauthorized
        case .throttled(let retryAfter, let blockStarted):
            let seconds = max(1, (retryAfter + 999) / 1000)
            if blockStarted {
                context.logger.warning(
                    "authentication keeps failing from this address; answering its failures 429 for a while",
                    metadata: ["api": "\(api.rawValue)", "retry_after_seconds": "\(seconds)"])
            }
            return APIError(
                .tooManyRequests,
                "Too many failed authentication attempts from this address; try again in \(seconds) seconds with a valid token.",
                headers: [.retryAfter: "\(seconds)"])
        }
    }
}
