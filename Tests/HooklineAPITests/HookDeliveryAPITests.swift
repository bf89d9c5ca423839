import Testing

/// `/admin/v1/stores/{store_hash}/hooks/{id}/delivery`: a webhook's delivery settings.
@Suite struct HookDeliveryAPITests {
    @Test func showsAndChangesTheSettingsWithoutTouchingTheClientsWebhook() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let path = "/admin/v1/stores/\(tenant.storeHash)/hooks/\(id)/delivery"
            let before = try await api.send(.get, tenant.path("/hooks/\(id)"), token: tenant.token)

            let initial = try await api.send(.get, path, admin: true)
            #expect(initial.status == 200)
            #expect(initial.json["data"]["hook_id"].int == id)
            #expect(initial.json["data"]["ordering"].string == "any")
            #expect(initial.json["data"].object?["max_per_second"] == .null, "unset limits are present and null")
            #expect(initial.json["data"].object?["max_in_flight"] == .null)
            #expect(initial.json["meta"].object?.isEmpty == true)

            let fifo = try await api.send(.put, path, admin: true, body: #"{"ordering": "fifo", "max_per_second": 20}"#)
            #expect(fifo.status == 200, "\(fifo.text)")
            #expect(fifo.json["data"]["ordering"].string == "fifo")
            #expect(fifo.json["data"]["max_per_second"].int == 20)
            let limited = try await api.send(.put, path, admin: true, body: #"{"max_in_flight": 4, "max_per_second": null}"#)
            #expect(limited.json["data"]["ordering"].string == "fifo", "a field left out keeps its value")
            #expect(limited.json["data"].object?["max_per_second"] == .null)
            #expect(limited.json["data"]["max_in_flight"].int == 4)
            #expect(try await api.send(.get, path, admin: true).json["data"] == limited.json["data"])
            let back = try await api.send(.put, path, admin: true, body: #"{"ordering": "any"}"#)
            #expect(back.json["data"]["ordering"].string == "any")

            // The client API's webhook shows none of it.
            let after = try await api.send(.get, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(after.json == before.json)
            #expect(after.json["data"].object?.keys.contains("ordering") == false)
        }
    }

    @Test func theDashboardsWebhookPageShowsTheSettings() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let cookie = try await DashboardTests.logIn(api)
            let page = "/dashboard/stores/\(tenant.storeHash)/hooks/\(id)"
            let before = try await api.send(.get, page, headers: DashboardTests.cookie(cookie))
            #expect(before.text.contains("<dt>Delivery order</dt><dd>any</dd>"))
            #expect(before.text.contains("<dt>Max in flight</dt><dd>no limit</dd>"))
            try await api.send(
                .put, "/admin/v1/stores/\(tenant.storeHash)/hooks/\(id)/delivery", admin: true,
                body: #"{"ordering": "fifo", "max_in_flight": 3, "max_per_second": 12}"#)
            let after = try await api.send(.get, page, headers: DashboardTests.cookie(cookie))
            #expect(after.text.contains("<dt>Delivery order</dt><dd>FIFO: one at a time, in publish order</dd>"))
            #expect(after.text.contains("<dt>Max in flight</dt><dd>3</dd>"))
            #expect(after.text.contains("<dt>Max per second</dt><dd>12 per node</dd>"))
        }
    }

    @Test func refusesBadSettingsWithAMessagePerField() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let path = "/admin/v1/stores/\(tenant.storeHash)/hooks/\(id)/delivery"
            let bad = try await api.send(
                .put, path, admin: true, body: #"{"ordering": "lifo", "max_per_second": 0, "max_in_flight": "2", "speed": 1}"#)
            #expect(bad.status == 422)
            #expect(bad.json["errors"]["ordering"].string == #"'lifo' is not an ordering; use "any" or "fifo""#)
            #expect(bad.json["errors"]["max_per_second"].string?.contains("1 to 10000") == true)
            #expect(bad.json["errors"]["max_in_flight"].string != nil)
            #expect(bad.json["errors"]["speed"].string?.hasPrefix("unknown field") == true)
            for body in ["{}", "", #"{"max_in_flight": 1.5}"#, #"{"max_in_flight": 1001}"#] {
                #expect(try await api.send(.put, path, admin: true, body: body).status == 422, "\(body)")
            }
            #expect(try await api.send(.put, path, admin: true, body: "{").status == 400)
            #expect(try await api.send(.put, path, admin: true, body: "[1]").status == 422)
            #expect(try await api.send(.get, path, admin: true).json["data"]["ordering"].string == "any", "nothing changed")
            #expect(try await api.send(.delete, path, admin: true).status == 405)
            #expect(try await api.send(.get, path).status == 401)
        }
    }

    @Test func answers404ForAnUnknownStoreOrWebhook() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)
            let other = try await api.makeTenant()
            for path in [
                "/admin/v1/stores/nosuch/hooks/\(id)/delivery", "/admin/v1/stores/\(tenant.storeHash)/hooks/999999/delivery",
                "/admin/v1/stores/\(tenant.storeHash)/hooks/abc/delivery", "/admin/v1/stores/\(other.storeHash)/hooks/\(id)/delivery",
            ] {
                #expect(try await api.send(.get, path, admin: true).status == 404, "\(path)")
                #expect(try await api.send(.put, path, admin: true, body: #"{"ordering": "fifo"}"#).status == 404, "\(path)")
            }
            let found = try await api.send(.get, "/admin/v1/stores/nosuch/hooks/\(id)/delivery", admin: true)
            #expect(found.json["title"].string == "Store 'nosuch' not found.")
        }
    }
}
