import Foundation

/// What `hookline-bench latency` prints: one JSON object, times in milliseconds.
struct LatencyReport: BenchReport {
    /// What the latency is measured between.
    var measured = "publish request sent → request received by the receiver"
    var rate_per_s: Int
    var seconds: Double
    var healthy_hooks: Int
    var hanging_hooks: Int
    var events_scheduled: Int
    var events_accepted: Int
    var publish_failures: Int
    var first_publish_failure: String?
    /// Events accepted per second, first scheduled send to last answer.
    var achieved_publish_rate_per_s: Double
    var expected_arrivals: Int
    var arrivals: Int
    /// Arrivals still missing at the drain deadline; each is in `latency` as arriving at the deadline.
    var missing_arrivals: Int
    /// Whether arrivals were missing, so the latency percentiles are lower bounds.
    var latency_is_lower_bound: Bool
    var duplicate_arrivals: Int
    var unmatched_arrivals: Int
    /// Publish sent → arrival at a healthy hook (missing arrivals counted at the drain deadline).
    var latency: LatencySummary
    /// Publish sent → Hookline's 202.
    var publish_response: LatencySummary
    /// Scheduled time → publish sent: how far the publisher fell behind its schedule.
    var send_lateness: LatencySummary
    /// Connections the hanging listener accepted (isolation runs).
    var hanging_connections_accepted: Int?
}
