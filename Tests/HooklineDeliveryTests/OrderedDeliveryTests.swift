import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// Per-webhook delivery settings at work: FIFO order through failures and retries, and
/// `max_in_flight`, seen by real receivers.
@Suite struct OrderedDeliveryTests {
    /// The order ids of the requests a receiver got, in arrival order.
    static func orderIDs(_ deliveries: [Receiver.Delivery]) -> [Int] {
        deliveries.compactMap { ($0.json["data"] as? [String: Any])?["id"] as? Int }
    }

    /// `ids` with each run of repeats (retries) kept once.
    static func runs(_ ids: [Int]) -> [Int] {
        ids.reduce(into: []) { runs, id in if runs.last != id { runs.append(id) } }
    }

    @Test func aFIFOWebhookGetsEveryEventInPublishOrderThroughFailures() async throws {
        let receiver = try await Receiver()
        // e1 fails once, e2 twice, then everything succeeds.
        receiver.behave("/fifo", .sequence([500, 200, 503, 500, 200]))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [1, 1, 1]) }
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/fifo"))
        let settings = try await hookline.request(
            .PUT, "/admin/v1/stores/\(client.storeHash)/hooks/\(hook)/delivery", json: ["ordering": "fifo"])
        #expect(settings.status == 200 && settings.data["ordering"] as? String == "fifo")

        let count = 8
        for id in 1...count {
            try await hookline.publish(client.storeHash, scope: "store/order/created", data: ["type": "order", "id": id])
        }
        let deliveries = try await receiver.waitFor("every event delivered") { Set(Self.orderIDs($0)).count == count }
        let ids = Self.orderIDs(deliveries)
        #expect(Self.runs(ids) == Array(1...count), "strictly in publish order, a retry before the next: \(ids)")
        #expect(ids.prefix(5) == [1, 1, 2, 2, 2], "the failures held the later events: \(ids)")
        #expect(receiver.peakConcurrency("/fifo") == 1)
    }

    @Test func maxInFlightBoundsTheRequestsAReceiverSeesAtOnce() async throws {
        let receiver = try await Receiver()
        receiver.behave("/limited", .hang(.milliseconds(500)))
        receiver.behave("/free", .hang(.milliseconds(500)))
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        let limited = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/limited"))
        // The same events to another host with no limit: the control that shows requests do overlap.
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.localhostURL("/free"))
        let settings = try await hookline.request(
            .PUT, "/admin/v1/stores/\(client.storeHash)/hooks/\(limited)/delivery", json: ["max_in_flight": 2])
        #expect(settings.status == 200 && settings.data["max_in_flight"] as? Int == 2)

        // One batch, so that every delivery is due at once.
        let count = 8
        let batch = try await hookline.request(
            .POST, "/admin/v1/stores/\(client.storeHash)/events",
            json: ["events": (1...count).map { ["scope": "store/order/created", "data": ["type": "order", "id": $0]] }])
        #expect(batch.status == 202, "\(batch.body)")
        try await receiver.waitFor("every event delivered to both") { deliveries in
            deliveries.filter { $0.path == "/limited" }.count == count && deliveries.filter { $0.path == "/free" }.count == count
        }
        #expect(receiver.peakConcurrency("/limited") <= 2)
        #expect(receiver.peakConcurrency("/free") > 2, "without the limit the same load overlaps")
    }
}
