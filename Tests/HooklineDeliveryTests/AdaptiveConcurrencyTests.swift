import Foundation
import HooklineCore
import HooklineDelivery
import HooklineTestSupport
import Testing

/// The adaptive in-flight limit per destination host, seen from a real receiver: how many requests
/// it has open at once as it slows down and recovers.
@Suite struct AdaptiveConcurrencyTests {
    /// A receiver path answering after 200 ms, a Hookline with 200 ms adaptive windows and a 300 ms slow
    /// floor (`configure` adds to that), one webhook to the path and `count` events published to it;
    /// returns once the receiver has seen the host's whole limit (but one or two) in use.
    private func busyReceiver(
        _ path: String, events count: Int, configure: @escaping (inout DeliveryConfiguration) -> Void
    ) async throws -> (receiver: Receiver, hookline: DeliveryTestbed, client: DeliveryTestbed.Client, hook: Int) {
        let receiver = try await Receiver()
        receiver.behave(path, .hang(.milliseconds(200)))
        let hookline = try await DeliveryTestbed {
            $0.adaptiveWindowMilliseconds = 200
            $0.adaptiveSlowFloorMilliseconds = 300
            $0.requestTimeoutSeconds = 8
            configure(&$0)
        }
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url(path))
        try await hookline.publishMany(client.storeHash, scope: "store/order/created", count: count, idPrefix: "first")
        try await receiver.waitFor("the full limit in use") { $0.contains { $0.openAtArrival >= 5 } }
        return (receiver, hookline, client, hook)
    }

    @Test func aSlowingReceiverGetsFewerConcurrentRequestsAndMoreAgainAsItRecovers() async throws {
        let (receiver, hookline, client, hook) = try await busyReceiver("/adaptive", events: 150) { $0.perHostConcurrency = 8 }

        // Fifteen times slower (still slow when a busy machine made the 200 ms answers take 800 ms, as seen
        // while the whole suite runs): the limit falls, down to a request or two at a time. More events,
        // in case the first ones are all sent by now.
        receiver.behave("/adaptive", .hang(.seconds(3)))
        let slowFrom = receiver.deliveries().count
        try await hookline.publishMany(client.storeHash, scope: "store/order/created", count: 100, idPrefix: "slow")
        let slow: [Receiver.Delivery]
        do {
            slow = try await receiver.waitFor("fewer concurrent requests", timeout: .seconds(30)) { deliveries in
                deliveries.dropFirst(slowFrom).suffix(3).count == 3 && deliveries.suffix(3).allSatisfy { $0.openAtArrival <= 2 }
            }
        } catch {
            // What the receiver saw and what the engine's limit was, to tell a slow machine from a wrong limit.
            let limits = try await hookline.attempts(client.storeHash, hook: hook).map {
                "\($0["concurrency_limit"] ?? "-")@\($0["latency_ms"] ?? "-")ms"
            }
            Issue.record("open requests at each arrival after \(slowFrom): \(receiver.deliveries().dropFirst(slowFrom).map(\.openAtArrival)); limit@latency of the attempts, newest first: \(limits)")
            throw error
        }
        #expect(slow.dropFirst(slowFrom).count < 80, "the slow receiver got far fewer requests than the backlog held")

        // Recovered: the limit grows back, a step per window.
        receiver.behave("/adaptive", .hang(.milliseconds(150)))
        let recoveredFrom = receiver.deliveries().count
        try await hookline.publishMany(client.storeHash, scope: "store/order/created", count: 150, idPrefix: "b")
        try await receiver.waitFor("more concurrent requests again", timeout: .seconds(30)) { deliveries in
            deliveries.dropFirst(recoveredFrom).contains { $0.openAtArrival >= 6 }
        }

        // The attempt log records the host's limit as each attempt started: the maximum, held down, back up.
        let limits = try await Eventually.wait("attempts with a lowered limit logged") {
            let limits = try await hookline.attempts(client.storeHash, hook: hook).compactMap { $0["concurrency_limit"] as? Int }
            return limits.contains { $0 <= 2 } && limits.contains { $0 >= 6 } ? limits : nil
        }
        #expect(limits.allSatisfy { (1...8).contains($0) })
    }

    @Test func aReceiverAnswering503GetsOneRequestAtATimeUntilItRecovers() async throws {
        let (receiver, hookline, _, _) = try await busyReceiver("/overloaded", events: 150) {
            $0.perHostConcurrency = 8
            $0.retrySchedule = RetrySchedule(delays: Array(repeating: 1, count: 20))
        }

        // Overloaded: 503s after 200 ms, as fast as the answers before. Each window of them halves the
        // limit, down to one request at a time (with the fixed limit, eight would stay open).
        receiver.behave("/overloaded", .statusAfter(503, .milliseconds(200)))
        let failingFrom = receiver.deliveries().count
        try await receiver.waitFor("one request at a time", timeout: .seconds(30)) { deliveries in
            deliveries.count >= failingFrom + 12 && deliveries.suffix(4).allSatisfy { $0.openAtArrival <= 2 }
        }

        receiver.behave("/overloaded", .hang(.milliseconds(200)))
        let recoveredFrom = receiver.deliveries().count
        try await receiver.waitFor("more concurrent requests again", timeout: .seconds(30)) { deliveries in
            deliveries.dropFirst(recoveredFrom).contains { $0.openAtArrival >= 6 }
        }
        withExtendedLifetime(hookline) {}
    }

    @Test func withAdaptationOffASlowingReceiverKeepsTheFixedLimit() async throws {
        let (receiver, hookline, client, _) = try await busyReceiver("/fixed", events: 100) {
            $0.perHostConcurrency = 6
            $0.adaptiveConcurrency = false
        }
        receiver.behave("/fixed", .hang(.seconds(1)))
        let slowFrom = receiver.deliveries().count
        try await hookline.publishMany(client.storeHash, scope: "store/order/created", count: 40, idPrefix: "slow")
        // Two rounds of one-second answers after the first: each reaches the whole fixed limit (an adapted
        // limit would have been halved after the first round).
        let deliveries = try await receiver.waitFor("three slow rounds", timeout: .seconds(30)) { $0.count >= slowFrom + 18 }
        let later = deliveries.dropFirst(slowFrom + 6).prefix(12)
        #expect(later.filter { $0.openAtArrival >= 5 }.count >= 3, "\(later.map(\.openAtArrival))")
        #expect(later.map(\.openAtArrival).max() == 6)
        withExtendedLifetime(hookline) {}
    }
}
