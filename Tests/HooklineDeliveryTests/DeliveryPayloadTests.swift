import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// What a destination receives: BigCommerce's payload, custom headers, Standard Webhooks signature.
@Suite struct DeliveryPayloadTests {
    @Test func deliversTheBigCommercePayloadSignedWithTheClientSecret() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        let hookID = try await hookline.makeHook(
            client, scope: "store/order/*", destination: receiver.url("/orders"), extra: ["headers": ["X-Shop-Key": "abc"]])
        let published = try await hookline.publish(client.storeHash, scope: "store/order/created", data: ["type": "order", "id": 42], id: "order-42")
        #expect(published["deliveries"] as? Int == 1)
        #expect(published["duplicate"] as? Bool == false)

        let delivery = try #require(try await receiver.waitFor("one delivery") { $0.count == 1 }.first)
        let payload = delivery.json
        #expect(payload["scope"] as? String == "store/order/created", "the event's scope, not the hook's wildcard")
        #expect(payload["store_id"] as? String == String(client.storeID))
        #expect(payload["producer"] as? String == "stores/\(client.storeHash)")
        #expect((payload["data"] as? [String: Any])?["id"] as? Int == 42)
        #expect((payload["data"] as? [String: Any])?["type"] as? String == "order")
        let hash = try #require(payload["hash"] as? String)
        #expect(hash.count == 40 && hash.allSatisfy(\.isHexDigit))
        #expect(abs((payload["created_at"] as? Int ?? 0) - Int(Date().timeIntervalSince1970)) < 60)
        #expect(Set(payload.keys) == ["scope", "store_id", "data", "hash", "created_at", "producer"])

        #expect(delivery.header("Content-Type") == "application/json")
        #expect(delivery.header("User-Agent")?.hasPrefix("Hookline/") == true)
        #expect(delivery.header("X-Shop-Key") == "abc")
        let id = try #require(delivery.header("webhook-id"))
        let timestamp = try #require(delivery.header("webhook-timestamp").flatMap { Int64($0) })
        let signature = try #require(delivery.header("webhook-signature"))
        #expect(signature.hasPrefix("v1,"))
        let verifier = try #require(WebhookSignature(standardSecret: WebhookSignature.standardSecret(clientSecret: client.clientSecret)))
        #expect(verifier.verify(
            id: id, timestamp: timestamp, body: delivery.body, signatureHeader: signature, now: Int64(Date().timeIntervalSince1970)))
        let wrongKey = WebhookSignature(clientSecret: client.clientSecret + "x")
        #expect(!wrongKey.verify(id: id, timestamp: timestamp, body: delivery.body, signatureHeader: signature, now: timestamp))

        let attempts = try await Eventually.wait("attempt logged") {
            let attempts = try await hookline.attempts(client.storeHash, hook: hookID)
            return attempts.isEmpty ? nil : attempts
        }
        #expect(attempts[0]["outcome"] as? String == "succeeded")
        #expect(attempts[0]["status_code"] as? Int == 200)
        #expect(attempts[0]["response_excerpt"] as? String == "answer 200")
        #expect(attempts[0]["event_id"] as? String == "order-42")
    }

    /// The `data` of BigCommerce's own samples goes through unchanged, for several scopes.
    @Test(arguments: ["store_order_created", "store_cart_lineItem_updated", "store_product_inventory_updated", "store_customer_address_created"])
    func payloadsMatchBigCommerceSamples(_ sample: String) async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/reference/bigcommerce/callbacks/data/\(sample).json")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let scope = try #require(reference["scope"] as? String)
        let data = try #require(reference["data"])

        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: scope, destination: receiver.url("/hook"))
        try await hookline.publish(client.storeHash, scope: scope, data: data)
        let delivery = try #require(try await receiver.waitFor("delivery of \(scope)") { $0.count == 1 }.first)
        let payload = delivery.json
        #expect(payload["scope"] as? String == scope)
        #expect(NSDictionary(dictionary: payload["data"] as? [String: Any] ?? [:]).isEqual(to: data as? [String: Any] ?? [:]),
                "data must arrive as the sample has it")
        #expect(Set(payload.keys) == Set(reference.keys), "the same fields as BigCommerce's sample")
        #expect(type(of: payload["store_id"]!) == type(of: reference["store_id"]!))
    }

    @Test func wildcardsFanOutToEveryMatchingHookOfEveryClient() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let clientA = try await hookline.makeClient()
        let clientB = try await hookline.makeClient()
        _ = try await hookline.makeHook(clientA, scope: "store/order/*", destination: receiver.url("/a-orders"))
        _ = try await hookline.makeHook(clientA, scope: "store/order/created", destination: receiver.url("/a-created"))
        _ = try await hookline.makeHook(clientB, scope: "store/*", destination: receiver.url("/b-all"))
        _ = try await hookline.makeHook(clientB, scope: "store/cart/*", destination: receiver.url("/b-carts"))
        _ = try await hookline.makeHook(clientB, scope: "store/channel/*/order/created", destination: receiver.url("/b-channel"))

        #expect(try await hookline.publish(clientA.storeHash, scope: "store/order/created")["deliveries"] as? Int == 3)
        #expect(try await hookline.publish(clientA.storeHash, scope: "store/order/message/created")["deliveries"] as? Int == 2)
        #expect(try await hookline.publish(clientA.storeHash, scope: "store/channel/7/order/created")["deliveries"] as? Int == 2)
        let deliveries = try await receiver.waitFor("seven deliveries") { $0.count == 7 }
        let paths = deliveries.map(\.path)
        #expect(paths.filter { $0 == "/a-orders" }.count == 2)
        #expect(paths.filter { $0 == "/a-created" }.count == 1)
        #expect(paths.filter { $0 == "/b-all" }.count == 3)
        #expect(paths.filter { $0 == "/b-channel" }.count == 1)
        #expect(!paths.contains("/b-carts"))
        // Each client's deliveries are signed with its own secret.
        let verifierB = WebhookSignature(clientSecret: clientB.clientSecret)
        for delivery in deliveries where delivery.path.hasPrefix("/b-") {
            #expect(verifierB.verify(
                id: delivery.header("webhook-id") ?? "", timestamp: Int64(delivery.header("webhook-timestamp") ?? "") ?? 0,
                body: delivery.body, signatureHeader: delivery.header("webhook-signature") ?? "",
                now: Int64(Date().timeIntervalSince1970)))
        }
    }

    @Test func publishingTheSameIDTwiceCreatesNothingNew() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/product/updated", destination: receiver.url("/p"))
        let first = try await hookline.publish(client.storeHash, scope: "store/product/updated", id: "evt-1")
        let second = try await hookline.publish(client.storeHash, scope: "store/product/updated", data: ["type": "product", "id": 99], id: "evt-1")
        #expect(first["duplicate"] as? Bool == false && second["duplicate"] as? Bool == true)
        #expect(second["deliveries"] as? Int == 1, "a duplicate answers with the first result")
        #expect(try await hookline.deliveries(client.storeHash, event: "evt-1").count == 1)

        let batch = try await hookline.request(
            .POST, "/admin/v1/stores/\(client.storeHash)/events",
            json: ["events": [
                ["id": "evt-1", "scope": "store/product/updated", "data": ["type": "product", "id": 1]],
                ["id": "evt-2", "scope": "store/product/updated", "data": ["type": "product", "id": 2]],
                ["id": "evt-2", "scope": "store/product/updated", "data": ["type": "product", "id": 2]],
            ]])
        #expect(batch.status == 202)
        #expect(batch.list.map { $0["duplicate"] as? Bool } == [true, false, true])
        try await receiver.waitFor("two deliveries") { $0.count == 2 }
        #expect(try await hookline.deliveries(client.storeHash, event: "evt-2").count == 1)
    }

    @Test func inactiveAndDeletedHooksGetNothing() async throws {
        let receiver = try await Receiver()
        receiver.behave("/deleted-later", .status(500))
        // Retries are an hour away and the operator retries now: the hooks change between the attempts
        // however slowly this test runs.
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [3600]) }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/cart/created", destination: receiver.url("/inactive"), extra: ["is_active": false])
        let doomed = try await hookline.makeHook(client, scope: "store/cart/created", destination: receiver.url("/deleted-later"))
        let paused = try await hookline.makeHook(client, scope: "store/cart/created", destination: receiver.url("/paused-later"))
        receiver.behave("/paused-later", .status(500))
        _ = try await hookline.makeHook(client, scope: "store/cart/created", destination: receiver.url("/active"))

        #expect(try await hookline.publish(client.storeHash, scope: "store/cart/created", id: "cart-1")["deliveries"] as? Int == 3)
        let failed = try await Eventually.wait("first attempts recorded") {
            let deliveries = try await hookline.deliveries(client.storeHash, event: "cart-1")
            let failed = deliveries.filter { [doomed, paused].contains($0["hook_id"] as? Int ?? 0) && $0["attempts"] as? Int == 1 }
            return failed.count == 2 ? failed : nil
        }
        // Between the failed first attempt and its retry, one hook is deleted and one turned off.
        try await hookline.request(.DELETE, "/stores/\(client.storeHash)/v3/hooks/\(doomed)", token: client.token)
        try await hookline.request(.PUT, "/stores/\(client.storeHash)/v3/hooks/\(paused)", token: client.token, json: ["is_active": false])
        for delivery in failed {
            let id = try #require(delivery["id"] as? Int)
            #expect(try await hookline.request(.POST, "/admin/v1/stores/\(client.storeHash)/deliveries/\(id)/retry").status == 202)
        }
        let states = try await Eventually.wait("retries cancelled") {
            let deliveries = try await hookline.deliveries(client.storeHash, event: "cart-1")
            let states = Dictionary(uniqueKeysWithValues: deliveries.map { ($0["hook_id"] as? Int ?? 0, $0["state"] as? String ?? "") })
            return states[doomed] == "cancelled" && states[paused] == "cancelled" ? states : nil
        }
        #expect(states.values.filter { $0 == "succeeded" }.count == 1)
        #expect(receiver.deliveries("/deleted-later").count == 1 && receiver.deliveries("/paused-later").count == 1)
        #expect(receiver.deliveries("/inactive").isEmpty)
    }

    @Test func redirectsAreNotFollowedAndCountAsFailures() async throws {
        let receiver = try await Receiver()
        receiver.behave("/moved", .redirect(receiver.url("/elsewhere")))
        let hookline = try await DeliveryTestbed { $0.retrySchedule = RetrySchedule(delays: [60]) }
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/moved"))
        try await hookline.publish(client.storeHash, scope: "store/order/created")
        let attempts = try await Eventually.wait("failed attempt") {
            let attempts = try await hookline.attempts(client.storeHash, hook: hook)
            return attempts.isEmpty ? nil : attempts
        }
        #expect(attempts[0]["outcome"] as? String == "failed")
        #expect(attempts[0]["status_code"] as? Int == 302)
        #expect(receiver.deliveries("/elsewhere").isEmpty)
    }
}
