import Histogram
import Synchronization

/// Matches each event's publish with its arrivals at the timestamping receiver, and at the end
/// turns them into latencies, in microseconds, in HdrHistograms.
///
/// Events are numbered `0..<eventCount` (the number is the event's `data.id`); hooks are numbered
/// `0..<hookCount` (the receiver's path names the hook). An arrival counts once per event and hook:
/// repeats are counted as duplicates and not recorded again.
///
/// Each arrival is measured from two instants of its event's publish: when the request was sent,
/// and when the publisher read Hookline's 202 (the event accepted). Hookline commits the event before
/// it answers, so its acceptance lies between the two: the first latency is an upper bound of
/// "accepted → received", the second a lower bound (short by the 202's way back to the publisher).
final class LatencyLedger: Sendable {
    /// Longest latency the histogram tracks, in microseconds; longer ones are recorded as this.
    static let highestTrackableMicroseconds: UInt64 = 600_000_000

    private struct State {
        var sentAt: [ContinuousClock.Instant?]
        var acceptedAt: [ContinuousClock.Instant?]
        /// Per event and hook (`event * hookCount + hook`).
        var arrivedAt: [ContinuousClock.Instant?]
        var arrivals = 0
        var duplicates = 0
        var unknown = 0
    }

    /// The run's latencies, and the arrivals that did not count.
    struct Summary {
        /// Publish request sent → arrival.
        var sinceSent: Histogram<UInt64>
        /// Hookline's 202 read by the publisher → arrival (0 when the delivery came first).
        var sinceAccepted: Histogram<UInt64>
        /// Arrivals that came before the publisher had read their event's 202.
        var beforeAccepted: Int
        /// Expected arrivals that had not come by the deadline, recorded as arriving then.
        var missing: Int
        var duplicates: Int
        var unknown: Int
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
            sentAt: Array(repeating: nil, count: eventCount), acceptedAt: Array(repeating: nil, count: eventCount),
            arrivedAt: Array(repeating: nil, count: eventCount * hookCount)))
    }

    /// Notes that the publish request of event `event` is being sent now.
    func recordSend(event: Int, at instant: ContinuousClock.Instant) {
        state.withLock { $0.sentAt[event] = instant }
    }

    /// Notes that the publisher read Hookline's 202 for event `event`.
    func recordAccepted(event: Int, at instant: ContinuousClock.Instant) {
        state.withLock { $0.acceptedAt[event] = instant }
    }

    /// Forgets event `event`: its publish failed, so no arrival is expected (one would count as unmatched).
    func forgetSend(event: Int) {
        state.withLock { $0.sentAt[event] = nil }
    }

    /// Notes that event `event` arrived at hook `hook` at `instant`.
    func recordArrival(hook: Int, event: Int, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            guard (0..<hookCount).contains(hook), (0..<eventCount).contains(event), state.sentAt[event] != nil else {
                state.unknown += 1
                return
            }
            let slot = event * hookCount + hook
            guard state.arrivedAt[slot] == nil else {
                state.duplicates += 1
                return
            }
            state.arrivedAt[slot] = instant
            state.arrivals += 1
        }
    }

    /// Arrivals recorded so far (each event and hook once).
    var arrivals: Int { state.withLock { $0.arrivals } }

    /// Arrivals expected: every event whose publish was not forgotten, at every hook.
    var expectedArrivals: Int { state.withLock { $0.sentAt.lazy.filter { $0 != nil }.count } * hookCount }

    /// The latencies of every expected arrival. One that has not come is recorded as if it came at
    /// `deadline`, a lower bound of its latency, so that late deliveries raise the percentiles
    /// instead of silently dropping out.
    func summary(deadline: ContinuousClock.Instant) -> Summary {
        state.withLock { state in
            func histogram() -> Histogram<UInt64> {
                Histogram(lowestDiscernibleValue: 1, highestTrackableValue: Self.highestTrackableMicroseconds, numberOfSignificantValueDigits: .three)
            }
            func record(_ duration: Duration, in histogram: inout Histogram<UInt64>) {
                _ = histogram.record(UInt64(clamping: max(0, duration.microseconds)).clamped)
            }
            var summary = Summary(
                sinceSent: histogram(), sinceAccepted: histogram(), beforeAccepted: 0, missing: 0,
                duplicates: state.duplicates, unknown: state.unknown)
            for event in 0..<eventCount {
                guard let sent = state.sentAt[event] else { continue }
                // A publish whose 202 was never read had no acceptance to measure from; it was sent.
                let accepted = state.acceptedAt[event] ?? sent
                for hook in 0..<hookCount {
                    let arrived = state.arrivedAt[event * hookCount + hook]
                    if arrived == nil { summary.missing += 1 }
                    let at = arrived ?? deadline
                    if at < accepted { summary.beforeAccepted += 1 }
                    record(at - sent, in: &summary.sinceSent)
                    record(at - accepted, in: &summary.sinceAccepted)
                }
            }
            return summary
        }
    }
}

extension Duration {
    /// The duration in whole microseconds.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
