import HooklineCore

/// Reads the delivery queue's state over every node, for metrics, `/ready` and `hookline status`:
/// cheap counts, meant to be sampled every few seconds or asked for by an operator, not per request.
public protocol QueueStatusReading: Sendable {
    /// The queue at `now` (Unix ms): pending, due and leased deliveries, and blocked domains.
    func queueSnapshot(now: Int64) async throws -> QueueSnapshot
    /// The attempts started since `since` (Unix ms), and how many of them failed.
    func attemptTally(since: Int64) async throws -> AttemptTally
}
