import Testing

/// BigCommerce's per-scope limits: 10 hooks per store + client + scope, one per scope + destination.
@Suite struct HooksLimitsTests {
    @Test func eleventhHookOnAScopeIs409() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            for index in 0..<10 { _ = try await api.createHook(tenant, destination: "https://example.com/\(index)") }
            let response = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/order/created", "destination": "https://example.com/10"}"#)
            #expect(response.status == 409)
            #expect(response.json["title"].string?.contains("maximum of 10") == true)
            // Another scope, and another client of the same store, are not affected.
            _ = try await api.createHook(tenant, scope: "store/order/updated", destination: "https://example.com/10")
            let other = try await api.makeAccount(in: tenant.storeHash)
            _ = try await api.createHook(other, destination: "https://example.com/10")
        }
    }

    @Test func sameScopeAndDestinationTwiceIs409() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant)
            let duplicate = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/order/created/", "destination": "https://example.com/hooks"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.json["title"].string?.contains("already exists") == true)
        }
    }

    @Test func updateIntoADuplicateIs409AndChangesNothing() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant, destination: "https://example.com/a")
            let second = try await api.createHook(tenant, destination: "https://example.com/b")
            let response = try await api.send(
                .put, tenant.path("/hooks/\(second)"), token: tenant.token,
                body: #"{"destination": "https://example.com/a", "is_active": false}"#)
            #expect(response.status == 409)
            let hook = try await api.send(.get, tenant.path("/hooks/\(second)"), token: tenant.token)
            #expect(hook.json["data"]["destination"].string == "https://example.com/b")
            #expect(hook.json["data"]["is_active"].bool == true)
            // Updating a hook to its own current values is not a conflict with itself.
            let same = try await api.send(
                .put, tenant.path("/hooks/\(second)"), token: tenant.token, body: #"{"destination": "https://example.com/b"}"#)
            #expect(same.status == 200)
        }
    }
}

/// Delivery exception hooks: one per store and client, on a destination of their own.
@Suite struct DeliveryExceptionHookRulesTests {
    @Test func oneExceptionHookPerClientOnItsOwnDestination() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant, scope: "store/order/created", destination: "https://example.com/orders")
            let shared = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/hook/deliveryException", "destination": "https://example.com/orders"}"#)
            #expect(shared.status == 422)
            #expect(shared.json["errors"]["destination"].string != nil)
            _ = try await api.createHook(tenant, scope: "store/hook/deliveryException", destination: "https://example.com/exceptions")
            let second = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/hook/deliveryException", "destination": "https://example.com/other"}"#)
            #expect(second.status == 409)
            let reuse = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/cart/created", "destination": "https://example.com/exceptions"}"#)
            #expect(reuse.status == 422, "a regular hook may not take the exception hook's destination either")
            // Another client of the store has its own.
            let other = try await api.makeAccount(in: tenant.storeHash)
            _ = try await api.createHook(other, scope: "store/hook/deliveryException", destination: "https://example.com/exceptions")
        }
    }
}
