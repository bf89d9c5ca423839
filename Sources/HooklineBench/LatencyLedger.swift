import Histogram
import Synchronization

/// Matches each event's publish time with its arrivals at the timestamping receiver and keeps
/// the resulting latencies, in microseconds, in an HdrHistogram.
///
/// Events are numbered `0..<eventCount` (the number is the event's `data.id`); hooks are numbered
/// `0..<hookCount` (the receiver's path names the hook). An arrival counts once per event and hook:
/// repeats are counted as duplicates and not recorded again.
final class LatencyLedger: Sendable {
    /// Longest latency the histogram tracks, in microseconds; longer ones are recorded as this.
    static let highestTrackableMicroseconds: UInt64 = 600_000_000

    private struct State {
        var sentAt: [ContinuousClock.Instant?]
        var hasArrived: [Bool]
        var latencies = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: LatencyLedger.highestTrackableMicroseconds,
            numberOfSignificantValueDigits: .three)
        var arrivals = 0
        var duplicates = 0
        var unknown = 0
    }

    /// How many events are published.
    let eventCount: Int
    /// How many hooks each event arrives at.
    let hookCount: Int
    private let state: Mutex<State>

    /// A ledger for `eventCount` events, each expected once at each of `hookCount` hooks.
    init(eventCount: Int, hookCount: Int) {
        self.eventCount = eventCount
        self.hookCount = hookCount
        state = Mutex(State(
            sentAt: Array(repeating: nil, count: eventCount), hasArrived: Array(repeating: false, count: eventCount * hookCount)))
    }

    /// Notes that the publish request of event `event` is being sent now.
    func recordSend(event: Int, at instant: ContinuousClock.Instant) {
        state.withLock { $0.sentAt[event] = instant }
    }

    /// Forgets event `event`: its publish failed, so no arrival is expected (one would count as unmatched).
    func forgetSend(event: Int) {
        state.withLock { $0.sentAt[event] = nil }
    }

    /// Records every expected arrival that has not come as if it came at `instant`, a lower bound of
    /// its latency, so that late deliveries raise the percentiles instead of silently dropping out.
    /// Returns how many were recorded so.
    func recordMissing(asOf instant: ContinuousClock.Instant) -> Int {
        state.withLock { state in
            var missing = 0
            for event in 0..<eventCount {
                guard let sent = state.sentAt[event] else { continue }
                for hook in 0..<hookCount where !state.hasArrived[event * hookCount + hook] {
                    _ = state.latencies.record(UInt64(clamping: max(0, (instant - sent).microseconds)).clamped)
                    missing += 1
                }
            }
            return missing
        }
    }

    /// Notes that event `event` arrived at hook `hook` at `instant`, and records its latency.
    func recordArrival(hook: Int, event: Int, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            guard (0..<hookCount).contains(hook), (0..<eventCount).contains(event), let sent = state.sentAt[event] else {
                state.unknown += 1
                return
            }
            let slot = event * hookCount + hook
            guard !state.hasArrived[slot] else {
                state.duplicates += 1
                return
            }
            state.hasArrived[slot] = true
            state.arrivals += 1
            _ = state.latencies.record(UInt64(clamping: max(0, (instant - sent).microseconds)).clamped)
        }
    }

    /// Arrivals recorded so far (each event and hook once).
    var arrivals: Int { state.withLock { $0.arrivals } }

    /// Arrivals expected: every event whose publish was not forgotten, at every hook.
    var expectedArrivals: Int { state.withLock { $0.sentAt.lazy.filter { $0 != nil }.count } * hookCount }

    /// The latencies, and the arrivals that were repeated or did not match a sent event.
    func snapshot() -> (latencies: Histogram<UInt64>, duplicates: Int, unknown: Int) {
        state.withLock { ($0.latencies, $0.duplicates, $0.unknown) }
    }
}

extension Duration {
    /// The duration in whole microseconds.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
