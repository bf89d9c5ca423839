import Foundation
import HooklineCore
import Testing

/// `POST/GET/PUT/DELETE /stores/{h}/v3/hooks[/{id}]` through a real server.
@Suite struct HooksCRUDTests {
    @Test func createReturnsTheWebhookInBigCommerceShape() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: """
                    {"scope": "store/order/created", "destination": "https://example.com/webhooks",
                     "is_active": true, "headers": {"X-Custom": "value"}, "events_history_enabled": true}
                    """)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            let data = response.json["data"]
            #expect((data["id"].int ?? 0) >= 1)
            #expect(data["client_id"].string == tenant.clientID)
            #expect(data["store_hash"].string == tenant.storeHash)
            #expect(data["scope"].string == "store/order/created")
            #expect(data["destination"].string == "https://example.com/webhooks")
            #expect(data["headers"]["X-Custom"].string == "value")
            #expect(data["is_active"].bool == true)
            #expect(data["events_history_enabled"].bool == true)
            #expect(data["created_at"].int == data["updated_at"].int)
            #expect(abs((data["created_at"].int ?? 0) - Int64(Date().timeIntervalSince1970)) < 60)
            #expect(response.json["meta"].object?.isEmpty == true)
            #expect(!response.text.contains(#"\/"#), "slashes must not be escaped")
        }
    }

    @Test func defaultsAreActiveWithoutHeadersOrHistory() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(
                .post, tenant.path("/hooks"), token: tenant.token,
                body: #"{"scope": "store/product/*", "destination": "https://example.com/p"}"#)
            let data = response.json["data"]
            #expect(data["is_active"].bool == true)
            #expect(data["events_history_enabled"].bool == false)
            #expect(data.object?["headers"] == .null, "headers must be present and null")
            #expect(data["scope"].string == "store/product/*")
        }
    }

    @Test func getUpdateDeleteRoundTrip() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant)

            let fetched = try await api.send(.get, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(fetched.status == 200)
            #expect(fetched.json["data"]["id"].int == id)

            let updated = try await api.send(
                .put, tenant.path("/hooks/\(id)"), token: tenant.token,
                body: #"{"is_active": false, "destination": "https://example.com/new", "headers": {"A": "b"}}"#)
            #expect(updated.status == 200)
            #expect(updated.json["data"]["is_active"].bool == false)
            #expect(updated.json["data"]["destination"].string == "https://example.com/new")
            #expect(updated.json["data"]["scope"].string == "store/order/created", "unnamed fields stay")
            #expect(updated.json["data"]["headers"]["A"].string == "b")

            let cleared = try await api.send(.put, tenant.path("/hooks/\(id)"), token: tenant.token, body: #"{"headers": null}"#)
            #expect(cleared.json["data"].object?["headers"] == .null)

            let deleted = try await api.send(.delete, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(deleted.status == 200)
            #expect(deleted.json["data"]["id"].int == id)
            #expect(deleted.json["data"]["destination"].string == "https://example.com/new")

            let gone = try await api.send(.get, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(gone.status == 404)
            #expect(gone.json["title"].string == "Webhook with id [\(id)] not found")
            let deleteAgain = try await api.send(.delete, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(deleteAgain.status == 404)
        }
    }

    @Test func reEnablingADisabledHookMakesItActive() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let id = try await api.createHook(tenant, extra: #", "is_active": false"#)
            let enabled = try await api.send(.put, tenant.path("/hooks/\(id)"), token: tenant.token, body: #"{"is_active": true}"#)
            #expect(enabled.json["data"]["is_active"].bool == true)
        }
    }

    @Test func scopesAreNormalisedAndWildcardsAndChannelsAccepted() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            for (index, (given, stored)) in [
                ("store/order/created/", "store/order/created"),
                ("store/cart/*", "store/cart/*"),
                ("store/channel/1/cart/created", "store/channel/1/cart/created"),
                ("store/channel/*/order/*", "store/channel/*/order/*"),
                ("store/hook/deliveryException", "store/hook/deliveryException"),
            ].enumerated() {
                let response = try await api.send(
                    .post, tenant.path("/hooks"), token: tenant.token,
                    body: #"{"scope": "\#(given)", "destination": "https://example.com/\#(index)"}"#)
                #expect(response.status == 200, "\(given): \(response.text)")
                #expect(response.json["data"]["scope"].string == stored)
            }
        }
    }

    @Test func hooksSurviveARestart() async throws {
        let server = try await TestHookline()
        let (tenant, id) = try await server.run { api in
            let tenant = try await api.makeTenant()
            return (tenant, try await api.createHook(tenant, extra: #", "headers": {"K": "v"}"#))
        }
        try await server.run { api in
            let response = try await api.send(.get, tenant.path("/hooks/\(id)"), token: tenant.token)
            #expect(response.status == 200)
            #expect(response.json["data"]["headers"]["K"].string == "v")
            let list = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            #expect(list.json["meta"]["pagination"]["total"].int == 1)
        }
    }
}
