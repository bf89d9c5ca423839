import Testing

/// `/admin/v1`: stores and API accounts.
@Suite struct AdminAPITests {
    @Test func requiresTheAdminToken() async throws {
        try await TestHookline().run { api in
            let none = try await api.send(.get, "/admin/v1/stores")
            #expect(none.status == 401)
            let wrong = try await api.send(
                .get, "/admin/v1/stores", headers: [.authorization: "Bearer wrong-token-value"])
            #expect(wrong.status == 401)
            let tenant = try await api.makeTenant()
            let clientToken = try await api.send(
                .get, "/admin/v1/stores", headers: [.authorization: "Bearer \(tenant.token)"])
            #expect(clientToken.status == 401, "an access token never reaches the admin API")
        }
    }

    @Test func createsStoresWithNumericIDs() async throws {
        try await TestHookline().run { api in
            let first = try await api.send(.post, "/admin/v1/stores", admin: true, body: #"{"store_hash": "abc123"}"#)
            #expect(first.status == 201)
            #expect(first.json["data"]["store_hash"].string == "abc123")
            let firstID = try #require(first.json["data"]["store_id"].int)
            let generated = try await api.send(.post, "/admin/v1/stores", admin: true)
            #expect(generated.status == 201)
            let hash = try #require(generated.json["data"]["store_hash"].string)
            #expect(hash.count == 10 && hash.allSatisfy { $0.isLowercase || $0.isNumber })
            #expect(generated.json["data"]["store_id"].int == firstID + 1)

            let duplicate = try await api.send(.post, "/admin/v1/stores", admin: true, body: #"{"store_hash": "abc123"}"#)
            #expect(duplicate.status == 409)
            for bad in [#"{"store_hash": "ABC"}"#, #"{"store_hash": "a-b"}"#, #"{"store_hash": ""}"#, #"{"store_hash": 5}"#,
                        #"{"hash": "x"}"#, #"{"store_hash": "\#(String(repeating: "a", count: 33))"}"#] {
                let response = try await api.send(.post, "/admin/v1/stores", admin: true, body: bad)
                #expect(response.status == 422, "\(bad) → \(response.text)")
            }

            let list = try await api.send(.get, "/admin/v1/stores", admin: true)
            #expect(list.json["data"].array?.count == 2)
            #expect(list.json["meta"]["pagination"]["total"].int == 2)
            let one = try await api.send(.get, "/admin/v1/stores/abc123", admin: true)
            #expect(one.json["data"]["store_id"].int == firstID)
            #expect(try await api.send(.get, "/admin/v1/stores/nosuch", admin: true).status == 404)
        }
    }

    @Test func issuesListsAndRevokesAccounts() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant(name: "erp")
            #expect(tenant.clientID.count == 31)
            #expect(tenant.token.count >= 40 && tenant.clientSecret.count >= 40)
            _ = try await api.createHook(tenant)

            let list = try await api.send(.get, "/admin/v1/stores/\(tenant.storeHash)/accounts", admin: true)
            #expect(list.status == 200)
            let accounts = try #require(list.json["data"].array)
            #expect(accounts.count == 1)
            #expect(accounts[0]["client_id"].string == tenant.clientID)
            #expect(accounts[0]["name"].string == "erp")
            #expect(accounts[0].object?["client_secret"] == nil && accounts[0].object?["access_token"] == nil,
                    "secrets are shown only once")
            #expect(!list.text.contains(tenant.token) && !list.text.contains(tenant.clientSecret))

            let revoke = try await api.send(.delete, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)", admin: true)
            #expect(revoke.status == 204)
            #expect(try await api.send(.get, tenant.path("/hooks"), token: tenant.token).status == 401)
            let again = try await api.send(.delete, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)", admin: true)
            #expect(again.status == 404)

            // A new account of the store does not inherit anything, and the revoked hooks are gone.
            let next = try await api.makeAccount(in: tenant.storeHash)
            _ = try await api.createHook(next)
        }
    }

    @Test func accountsNeedAnExistingStore() async throws {
        try await TestHookline().run { api in
            let response = try await api.send(.post, "/admin/v1/stores/nosuch/accounts", admin: true, body: "{}")
            #expect(response.status == 404)
            let store = try await api.send(.post, "/admin/v1/stores", admin: true, body: #"{"store_hash": "named"}"#)
            #expect(store.status == 201)
            let bad = try await api.send(.post, "/admin/v1/stores/named/accounts", admin: true, body: #"{"name": 3}"#)
            #expect(bad.status == 422)
        }
    }

    @Test func attemptsOfAnUnknownEventAre404() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let published = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true,
                body: #"{"id": "known-1", "scope": "store/order/created", "data": {"type": "order", "id": 1}}"#)
            #expect(published.status == 202)
            let known = try await api.send(.get, "/admin/v1/stores/\(tenant.storeHash)/events/known-1/attempts", admin: true)
            #expect(known.status == 200, "\(known.text)")
            #expect(known.json["data"].array?.isEmpty == true)
            let unknown = try await api.send(.get, "/admin/v1/stores/\(tenant.storeHash)/events/never-sent/attempts", admin: true)
            #expect(unknown.status == 404, "\(unknown.text)")
            #expect(unknown.json["status"].int == 404)
            #expect(unknown.json["title"].string?.contains("never-sent") == true)
            let otherStore = try await api.makeTenant()
            let elsewhere = try await api.send(.get, "/admin/v1/stores/\(otherStore.storeHash)/events/known-1/attempts", admin: true)
            #expect(elsewhere.status == 404)
        }
    }

    @Test func healthAnswers() async throws {
        try await TestHookline().run { api in
            let health = try await api.send(.get, "/health")
            #expect(health.status == 200)
            #expect(health.json["status"].string == "ok")
        }
    }
}
