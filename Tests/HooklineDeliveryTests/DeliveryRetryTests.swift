import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// Failures: BigCommerce's retry schedule (shrunk by configuration), deactivation, 410, Retry-After,
/// delivery exception notices and events history.
@Suite struct DeliveryRetryTests {
    @Test func retriesOnTheScheduleThenSucceeds() async throws {
        let receiver = try await Receiver()
        receiver.behave("/flaky", .sequence([500, 502, 200]))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [1, 1, 1]) }
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/order/updated", destination: receiver.url("/flaky"))
        try await hookline.publish(client.storeHash, scope: "store/order/updated", id: "flaky-1")

        let deliveries = try await receiver.waitFor("three tries") { $0.count == 3 }
        #expect(Set(deliveries.map { $0.header("webhook-id") ?? "" }).count == 1, "webhook-id is stable across retries")
        #expect(Set(deliveries.map(\.body)).count == 1, "the same body every time")
        for (earlier, later) in zip(deliveries, deliveries.dropFirst()) {
            #expect(later.receivedAt.timeIntervalSince(earlier.receivedAt) >= 0.9, "retries wait for the schedule")
        }
        let delivery = try await Eventually.wait("delivery succeeded") {
            let delivery = try await hookline.deliveries(client.storeHash, event: "flaky-1").first
            return delivery?["state"] as? String == "succeeded" ? delivery : nil
        }
        #expect(delivery["attempts"] as? Int == 3)
        let attempts = try await hookline.attempts(client.storeHash, hook: hook)
        #expect(attempts.map { $0["status_code"] as? Int } == [200, 502, 500], "newest first")
        #expect(attempts.map { $0["attempt"] as? Int } == [3, 2, 1])
        let failedOnly = try await hookline.request(.GET, "/admin/v1/stores/\(client.storeHash)/hooks/\(hook)/attempts?outcome=failed")
        #expect(failedOnly.list.count == 2)
    }

    @Test func exhaustedRetriesDeactivateTheHookNotifyAndKeepHistory() async throws {
        let receiver = try await Receiver()
        receiver.behave("/down", .status(500))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [1, 1]) }
        let client = try await hookline.makeClient()
        let exceptionHook = try await hookline.makeHook(client, scope: "store/hook/deliveryException", destination: receiver.url("/exceptions"))
        let hook = try await hookline.makeHook(
            client, scope: "store/order/created", destination: receiver.url("/down"), extra: ["events_history_enabled": true])
        try await hookline.publish(client.storeHash, scope: "store/order/created", data: ["type": "order", "id": 7], id: "lost-7")

        try await receiver.waitFor("three tries and two notices") { deliveries in
            deliveries.filter { $0.path == "/down" }.count == 3 && deliveries.filter { $0.path == "/exceptions" }.count == 2
        }
        let hookAnswer = try await Eventually.wait("hook deactivated") {
            let answer = try await hookline.request(.GET, "/stores/\(client.storeHash)/v3/hooks/\(hook)", token: client.token)
            return answer.data["is_active"] as? Bool == false ? answer : nil
        }
        #expect(hookAnswer.status == 200)
        let admin = try await hookline.request(.GET, "/stores/\(client.storeHash)/v3/hooks/admin", token: client.token)
        let listed = (admin.data["hooks_list"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == hook }
        #expect(listed?["status"] as? String == "deactivated")

        // Notices: 90001 once (at most once per 10 minutes per destination), then 90002.
        let notices = receiver.deliveries("/exceptions").map { $0.json }
        #expect(notices.map { $0["scope"] as? String } == ["store/hook/deliveryException", "store/hook/deliveryException"])
        let codes = notices.compactMap { ($0["data"] as? [String: Any])?["error_code"] as? Int }
        #expect(codes == [90001, 90002])
        let data = try #require(notices.last?["data"] as? [String: Any])
        #expect(data["type"] as? String == "webhook" && data["id"] as? Int == hook)
        #expect((data["message"] as? String)?.isEmpty == false)
        _ = exceptionHook

        // Events history keeps the undeliverable event, in BigCommerce's callback shape.
        let history = try await hookline.request(.GET, "/stores/\(client.storeHash)/v3/hooks/events", token: client.token)
        #expect(history.status == 200)
        #expect(history.list.count == 1)
        let event = try #require(history.list.first)
        #expect(event["scope"] as? String == "store/order/created")
        #expect((event["data"] as? [String: Any])?["id"] as? Int == 7)
        #expect(event["producer"] as? String == "stores/\(client.storeHash)")
        let createdAt = try #require(event["created_at"] as? Int)
        let later = try await hookline.request(
            .GET, "/stores/\(client.storeHash)/v3/hooks/events?created_at:min=\(createdAt + 1)", token: client.token)
        #expect(later.list.isEmpty)
        let window = try await hookline.request(
            .GET, "/stores/\(client.storeHash)/v3/hooks/events?created_at:min=\(createdAt)&created_at:max=\(createdAt)",
            token: client.token)
        #expect(window.list.count == 1)
        #expect((window.json["meta"] as? [String: Any]).flatMap { $0["pagination"] as? [String: Any] }?["total"] as? Int == 1)

        // The client turns the hook back on; new events reach it again.
        receiver.behave("/down", .status(200))
        let enabled = try await hookline.request(
            .PUT, "/stores/\(client.storeHash)/v3/hooks/\(hook)", token: client.token, json: ["is_active": true])
        #expect(enabled.data["is_active"] as? Bool == true)
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "after-fix")
        try await receiver.waitFor("delivery after re-enabling") { $0.filter { $0.path == "/down" }.count == 4 }
    }

    @Test func goneDeactivatesAtOnce() async throws {
        let receiver = try await Receiver()
        receiver.behave("/gone", .status(410))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [1, 1, 1]) }
        let client = try await hookline.makeClient()
        try await hookline.makeHook(client, scope: "store/hook/deliveryException", destination: receiver.url("/exceptions"))
        let hook = try await hookline.makeHook(client, scope: "store/sku/created", destination: receiver.url("/gone"))
        try await hookline.publish(client.storeHash, scope: "store/sku/created", id: "sku-1")
        try await receiver.waitFor("410 and notice") { $0.contains { $0.path == "/exceptions" } }
        let delivery = try await Eventually.wait("failed") {
            let delivery = try await hookline.deliveries(client.storeHash, event: "sku-1").first
            return delivery?["state"] as? String == "failed" ? delivery : nil
        }
        #expect(delivery["attempts"] as? Int == 1, "no retry after 410")
        #expect(receiver.deliveries("/gone").count == 1)
        let answer = try await hookline.request(.GET, "/stores/\(client.storeHash)/v3/hooks/\(hook)", token: client.token)
        #expect(answer.data["is_active"] as? Bool == false)
        let notice = receiver.deliveries("/exceptions").first?.json["data"] as? [String: Any]
        #expect(notice?["error_code"] as? Int == 90002)
    }

    @Test func retryAfterDelaysTheNextTry() async throws {
        let receiver = try await Receiver()
        receiver.behave("/busy", .status(503, retryAfter: "3"))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [1, 1]) }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/busy"))
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "busy-1")
        let first = try await receiver.waitFor("first try") { $0.count == 1 }[0]
        receiver.behave("/busy", .status(200))
        let second = try await receiver.waitFor("second try", timeout: .seconds(30)) { $0.count == 2 }[1]
        #expect(second.receivedAt.timeIntervalSince(first.receivedAt) >= 2.5, "Retry-After: 3 outweighs the 1 s schedule")
    }

    @Test func operatorCanRetryADeliveryNowAndReplayAHook() async throws {
        let receiver = try await Receiver()
        receiver.behave("/later", .status(500))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [3600]) }
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/customer/*", destination: receiver.url("/later"))
        try await hookline.publish(client.storeHash, scope: "store/customer/created", id: "c-1")
        try await receiver.waitFor("first failure") { $0.count == 1 }
        let delivery = try await Eventually.wait("failure recorded") {
            let delivery = try await hookline.deliveries(client.storeHash, event: "c-1").first
            return delivery?["attempts"] as? Int == 1 ? delivery : nil
        }
        receiver.behave("/later", .status(200))
        let deliveryID = try #require(delivery["id"] as? Int)
        let retry = try await hookline.request(.POST, "/admin/v1/stores/\(client.storeHash)/deliveries/\(deliveryID)/retry")
        #expect(retry.status == 202)
        try await receiver.waitFor("retried now rather than in an hour") { $0.count == 2 }
        let missing = try await hookline.request(.POST, "/admin/v1/stores/\(client.storeHash)/deliveries/999999/retry")
        #expect(missing.status == 404)

        let replay = try await hookline.request(
            .POST, "/admin/v1/stores/\(client.storeHash)/hooks/\(hook)/replay", json: ["since": 0])
        #expect(replay.status == 202)
        #expect(replay.data["deliveries"] as? Int == 1)
        try await receiver.waitFor("replayed") { $0.count == 3 }
        let bad = try await hookline.request(.POST, "/admin/v1/stores/\(client.storeHash)/hooks/\(hook)/replay", json: ["since": "yesterday"])
        #expect(bad.status == 422)
    }
}
