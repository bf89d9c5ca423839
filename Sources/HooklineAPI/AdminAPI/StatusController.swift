import Hummingbird
import HooklineCore
import HooklineStore

/// `GET /admin/v1/status`: the delivery queue and recent delivery rates, over every node
/// (what `hookline status` shows).
struct StatusController {
    let storage: any HooklineStorage

    /// The window the rates are measured over, seconds.
    static let rateWindowSeconds: Int64 = 300

    func register(on group: RouterGroup<HooklineRequestContext>) {
        group.get("status", use: show)
        MethodNotAllowed.register(on: group, path: "status", allowed: [.get])
    }

    /// The status as the admin API shows it.
    struct StatusWire: Encodable {
        /// Pending deliveries, leased ones included.
        var pending: Int
        /// Pending deliveries due now that no node holds.
        var due: Int
        /// Deliveries leased to a node: being sent or about to be.
        var in_flight: Int
        /// Destination domains blocked now.
        var blocked_domains: Int
        /// The window of the figures below, seconds.
        var window_seconds: Int64
        /// Attempts started in the window.
        var attempts: Int
        /// Of those, failed ones.
        var failures: Int
        /// Attempts per second over the window.
        var attempts_per_second: Double
        /// Failed share of the attempts in the window (0 when there were none).
        var failure_ratio: Double
    }

    @Sendable func show(_ request: Request, context: HooklineRequestContext) async throws -> Response {
        let now = WallClock.nowMilliseconds()
        let snapshot = try await storage.queueSnapshot(now: now)
        let tally = try await storage.attemptTally(since: now - Self.rateWindowSeconds * 1000)
        let wire = StatusWire(
            pending: snapshot.pending, due: snapshot.due, in_flight: snapshot.leased, blocked_domains: snapshot.blockedDomains,
            window_seconds: Self.rateWindowSeconds, attempts: tally.attempts, failures: tally.failures,
            attempts_per_second: Double(tally.attempts) / Double(Self.rateWindowSeconds),
            failure_ratio: tally.attempts == 0 ? 0 : Double(tally.failures) / Double(tally.attempts))
        return JSONResponse.envelope(wire)
    }
}
