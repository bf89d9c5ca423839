import AsyncHTTPClient
import Histogram
import NIOCore
import Synchronization

/// Publishes events one request each on a fixed schedule: event `i` is due at `start + i / rate`,
/// whatever happened to the ones before it, so a slow answer never shifts the schedule (and never
/// hides the delay it causes). Each event's send time goes to the `LatencyLedger`.
struct PacedPublisher {
    /// What publishing did: how many were accepted, how late they left, how long Hookline took to answer.
    struct Outcome {
        var accepted: Int
        var failures: Int
        var firstFailure: String?
        /// From the scheduled time to the request leaving, microseconds (every event, accepted or not).
        var lateness: Histogram<UInt64>
        /// From the request leaving to Hookline's 202, microseconds.
        var responseTimes: Histogram<UInt64>
        /// From the first scheduled send to the last answer.
        var elapsed: Duration
    }

    let client: HTTPClient
    /// `POST /admin/v1/stores/{store_hash}/events` of the server under test.
    let eventsURL: String
    let adminToken: String
    /// Events per second.
    let rate: Int
    /// Events in all, numbered `0..<eventCount` in their `data.id`.
    let eventCount: Int
    let ledger: LatencyLedger
    /// Longest one publish request may take before it counts as failed.
    let requestTimeout: Duration

    /// Publishes every event on schedule and waits for every answer.
    func run() async -> Outcome {
        let tally = Tally()
        let interval = Duration.seconds(1) / rate
        let start = ContinuousClock.now + .milliseconds(50)
        await withDiscardingTaskGroup { group in
            for event in 0..<eventCount {
                let due = start + interval * event
                try? await Task.sleep(until: due, clock: .continuous)
                group.addTask { await publish(event: event, due: due, tally: tally) }
            }
        }
        return tally.outcome(elapsed: ContinuousClock.now - start)
    }

    /// Sends one event and notes the outcome.
    private func publish(event: Int, due: ContinuousClock.Instant, tally: Tally) async {
        var request = HTTPClientRequest(url: eventsURL)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(adminToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(string: #"{"scope":"\#(WebhookRegistrar.scope)","data":{"type":"order","id":\#(event)}}"#))
        let sentAt = ContinuousClock.now
        ledger.recordSend(event: event, at: sentAt)
        tally.recordLateness(sentAt - due)
        do {
            let response = try await client.execute(request, timeout: .init(requestTimeout))
            let answer = try await response.body.collect(upTo: 1 << 20)
            guard response.status.code == 202 else {
                ledger.forgetSend(event: event)
                tally.recordFailure("HTTP \(response.status.code): \(String(buffer: answer))")
                return
            }
            let acceptedAt = ContinuousClock.now
            ledger.recordAccepted(event: event, at: acceptedAt)
            tally.recordAccepted(responseTime: acceptedAt - sentAt)
        } catch {
            ledger.forgetSend(event: event)
            tally.recordFailure("\(error)")
        }
    }

    /// The publisher's running counts, shared by the concurrent requests.
    private final class Tally: Sendable {
        private struct State {
            var accepted = 0
            var failures = 0
            var firstFailure: String?
            var lateness = Histogram<UInt64>(highestTrackableValue: LatencyLedger.highestTrackableMicroseconds)
            var responseTimes = Histogram<UInt64>(highestTrackableValue: LatencyLedger.highestTrackableMicroseconds)
        }

        private let state = Mutex(State())

        func recordLateness(_ lateness: Duration) {
            state.withLock { _ = $0.lateness.record(UInt64(clamping: max(0, lateness.microseconds)).clamped) }
        }

        func recordAccepted(responseTime: Duration) {
            state.withLock { state in
                state.accepted += 1
                _ = state.responseTimes.record(UInt64(clamping: max(0, responseTime.microseconds)).clamped)
            }
        }

        func recordFailure(_ reason: String) {
            state.withLock { state in
                state.failures += 1
                if state.firstFailure == nil { state.firstFailure = reason }
            }
        }

        func outcome(elapsed: Duration) -> Outcome {
            state.withLock {
                Outcome(
                    accepted: $0.accepted, failures: $0.failures, firstFailure: $0.firstFailure, lateness: $0.lateness,
                    responseTimes: $0.responseTimes, elapsed: elapsed)
            }
        }
    }
}

extension UInt64 {
    /// The value, capped at what the benchmark's histograms track.
    var clamped: UInt64 { Swift.min(self, LatencyLedger.highestTrackableMicroseconds) }
}
