import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// A webhook's `max_per_second`: arrivals at a real receiver stay within the rate, after one burst of
/// the bucket's size, and waiting costs no attempt.
@Suite struct DeliveryRateLimitTests {
    @Test func aRateSetThroughTheAdminAPIPacesTheWebhooksDeliveries() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/paced"))
        let rate = 5
        let count = 30
        // The operator's setting, stored and carried by every claim of the webhook's deliveries.
        let set = try await hookline.request(
            .PUT, "/admin/v1/stores/\(client.storeHash)/hooks/\(hook)/delivery", json: ["max_per_second": rate])
        try #require(set.status == 200, "\(set.body)")
        try await hookline.publishMany(client.storeHash, scope: "store/order/created", count: count, idPrefix: "a")
        try await Self.expectPaced(receiver, hookline, client, hook: hook, rate: rate, count: count)
    }

    /// A deep backlog of a webhook held to one request a second does not hold up another webhook on
    /// the same host. Leased all at once, the backlog's deliveries would wait for the rate on the node,
    /// counted against their host (with a 120 s lease, nearly all of 64 claimed would wait, up to 114 s),
    /// and the node would claim and take nothing more for that host until fewer than its per-host
    /// limit (16) were left waiting: about 48 s.
    @Test func aRateLimitedBacklogDoesNotHoldUpTheHostsOtherWebhooks() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed { $0.leaseSeconds = 120 }
        let client = try await hookline.makeClient()
        let paced = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/paced"))
        let set = try await hookline.request(
            .PUT, "/admin/v1/stores/\(client.storeHash)/hooks/\(paced)/delivery", json: ["max_per_second": 1])
        try #require(set.status == 200, "\(set.body)")
        try await hookline.publishMany(client.storeHash, scope: "store/order/created", count: 80, idPrefix: "backlog")
        try await receiver.waitFor("the backlog under way", timeout: .seconds(60)) { $0.count { $0.path == "/paced" } >= 2 }

        _ = try await hookline.makeHook(client, scope: "store/product/created", destination: receiver.url("/other"))
        try await hookline.publishMany(client.storeHash, scope: "store/product/created", count: 5, idPrefix: "other")
        let deliveries = try await receiver.waitFor("the other webhook's deliveries", timeout: .seconds(40)) {
            $0.count { $0.path == "/other" } == 5
        }
        let pacedSoFar = deliveries.count { $0.path == "/paced" }
        #expect(pacedSoFar <= 12, "\(pacedSoFar) paced deliveries went before the other webhook's 5 (one a second)")
    }

    /// Waits for `count` deliveries at `receiver` and checks they came at most at `rate` a second after
    /// one burst, each with one successful attempt.
    private static func expectPaced(
        _ receiver: Receiver, _ hookline: DeliveryTestbed, _ client: DeliveryTestbed.Client, hook: Int, rate: Int, count: Int
    ) async throws {
        let arrivals = try await receiver.waitFor("every delivery", timeout: .seconds(60)) { $0.count == count }
            .map(\.receivedAt.timeIntervalSince1970)
        let first = try #require(arrivals.min())
        let last = try #require(arrivals.max())
        // One burst of the bucket's size (a second's worth) at once, then the rest at the rate. The bucket
        // lets at most `burst + rate × T` requests go in any T seconds; arrivals may come up to half a
        // second late on a busy machine and meet the next ones, so two-second windows are held to
        // `burst + rate × 2.5` (all 30 at once without the limit).
        let steady = Double(count - rate) / Double(rate)
        #expect(last - first >= steady - 1, "\(count) deliveries at \(rate)/s took \(last - first) s (a late burst shortens it)")
        for start in arrivals {
            let inWindow = arrivals.filter { $0 >= start && $0 < start + 2 }.count
            #expect(Double(inWindow) <= Double(rate) + Double(rate) * 2.5, "\(inWindow) arrivals in the 2 s from \(start - first) s")
        }

        // Waiting for the rate is not an attempt: one successful attempt each.
        let attempts = try await Eventually.wait("every attempt logged") {
            let attempts = try await hookline.attempts(client.storeHash, hook: hook)
            return attempts.count >= count ? attempts : nil
        }
        #expect(attempts.count == count)
        #expect(attempts.allSatisfy { $0["status_code"] as? Int == 200 })
    }
}
