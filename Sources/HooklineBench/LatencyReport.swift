import Foundation

/// What `hookline-bench latency` prints: one JSON object, times in milliseconds.
struct LatencyReport: BenchReport {
    /// What the latency is measured between.
    var measured = "latency: publish request sent → request received; latency_since_accepted: 202 read by the publisher → request received"
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
    /// Arrivals that came before the publisher had read their event's 202 (0 in `latency_since_accepted`).
    var arrivals_before_accepted: Int
    /// Publish sent → arrival at a healthy hook (missing arrivals counted at the drain deadline): an
    /// upper bound of "event accepted → request received".
    var latency: LatencySummary
    /// Hookline's 202 read by the publisher → arrival at a healthy hook: a lower bound of "event
    /// accepted → request received" (Hookline commits the event before the 202 leaves).
    var latency_since_accepted: LatencySummary
    /// Publish sent → Hookline's 202.
    var publish_response: LatencySummary
    /// Scheduled time → publish sent: how far the publisher fell behind its schedule.
    var send_lateness: LatencySummary
    /// Connections the hanging listener accepted (isolation runs).
    var hanging_connections_accepted: Int?
}
