import Testing

/// `POST /admin/v1/stores/{h}/events`: validation and idempotency (delivery itself is tested with the engine).
@Suite struct PublishAPITests {
    @Test func acceptsOneEventOrABatch() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant, scope: "store/order/*")
            let one = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true,
                body: #"{"id": "o-1", "scope": "store/order/created", "data": {"type": "order", "id": 1}, "created_at": 1700000000}"#)
            #expect(one.status == 202)
            #expect(one.json["data"]["id"].string == "o-1")
            #expect(one.json["data"]["deliveries"].int == 1)
            let numericID = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true,
                body: #"{"id": 55, "scope": "store/cart/created", "data": {"type": "cart", "id": "x"}}"#)
            #expect(numericID.json["data"]["id"].string == "55")
            #expect(numericID.json["data"]["deliveries"].int == 0)
            let generated = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true,
                body: #"{"scope": "store/order/updated", "data": {"type": "order", "id": 1}}"#)
            #expect(generated.json["data"]["id"].string?.hasPrefix("evt_") == true)
            let batch = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true,
                body: #"{"events": [{"id": "o-1", "scope": "store/order/created", "data": {}}, {"scope": "store/priceList/records/created", "data": [{"id": 1}]}]}"#)
            #expect(batch.status == 202)
            #expect(batch.json["data"].array?.count == 2)
            #expect(batch.json["data"][0]["duplicate"].bool == true)
        }
    }

    @Test(arguments: [
        (#"{"scope": "store/order/*", "data": {}}"#, "scope"),
        (#"{"scope": "store/nothing", "data": {}}"#, "scope"),
        (#"{"scope": "store/hook/deliveryException", "data": {}}"#, "scope"),
        (#"{"scope": "store/channel/*/order/created", "data": {}}"#, "scope"),
        (#"{"data": {}}"#, "scope"),
        (#"{"scope": "store/order/created"}"#, "data"),
        (#"{"scope": "store/order/created", "data": [1]}"#, "data"),
        (#"{"scope": "store/order/created", "data": {}, "created_at": "today"}"#, "created_at"),
        (#"{"scope": "store/order/created", "data": {}, "id": ""}"#, "id"),
        (#"{"scope": "store/order/created", "data": {}, "id": {"a": 1}}"#, "id"),
        (#"{"scope": "store/order/created", "data": {}, "extra": 1}"#, "extra"),
        (#"{"events": []}"#, "events"),
        (#"{"events": "x"}"#, "events"),
        (#"{"events": [{"scope": "store/order/created", "data": {}}, {"scope": "bad", "data": {}}]}"#, "events[1].scope"),
        (#"{"events": [7]}"#, "events[0]"),
    ])
    func refusesInvalidEventsWithoutWritingAny(_ body: String, _ field: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true, body: body)
            #expect(response.status == 422, "\(body) → \(response.text)")
            #expect(response.json["errors"][field].string != nil, "errors must name \(field): \(response.text)")
        }
    }

    @Test func batchesAreLimitedAndStoresMustExist() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let events = Array(repeating: #"{"scope": "store/order/created", "data": {}}"#, count: 1001).joined(separator: ",")
            let tooMany = try await api.send(.post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true, body: #"{"events": [\#(events)]}"#)
            #expect(tooMany.status == 422)
            let missing = try await api.send(
                .post, "/admin/v1/stores/nosuch/events", admin: true, body: #"{"scope": "store/order/created", "data": {}}"#)
            #expect(missing.status == 404)
            let unauthorised = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", token: tenant.token, body: #"{"scope": "store/order/created", "data": {}}"#)
            #expect(unauthorised.status == 401)
        }
    }
}
