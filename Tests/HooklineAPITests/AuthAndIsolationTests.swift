import Testing

/// Who sees what: tokens, stores and clients.
@Suite struct AuthAndIsolationTests {
    @Test func missingOrUnknownTokenIs401() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            for token in [nil, "", "not-a-token"] as [String?] {
                let response = try await api.send(.get, tenant.path("/hooks"), token: token)
                #expect(response.status == 401)
                #expect(response.json["status"].int == 401)
                #expect(response.json["title"].string?.hasPrefix("Unauthorized") == true)
            }
            let post = try await api.send(.post, tenant.path("/hooks"), body: #"{"scope": "store/order/created"}"#)
            #expect(post.status == 401)
        }
    }

    @Test func aTokenOnAnotherStoresPathIs401LikeAnUnknownStore() async throws {
        try await TestHookline().run { api in
            let storeA = try await api.makeTenant()
            let storeB = try await api.makeTenant()
            let other = try await api.send(.get, storeB.path("/hooks"), token: storeA.token)
            let missing = try await api.send(.get, "/stores/nosuchstore/v3/hooks", token: storeA.token)
            #expect(other.status == 401)
            #expect(missing.status == 401)
            #expect(other.text == missing.text, "the answer must not reveal whether the store exists")
        }
    }

    @Test func clientsOfOneStoreCannotSeeEachOthersHooks() async throws {
        try await TestHookline().run { api in
            let clientA = try await api.makeTenant()
            let clientB = try await api.makeAccount(in: clientA.storeHash)
            let hookA = try await api.createHook(clientA)

            let get = try await api.send(.get, clientB.path("/hooks/\(hookA)"), token: clientB.token)
            #expect(get.status == 404)
            let put = try await api.send(.put, clientB.path("/hooks/\(hookA)"), token: clientB.token, body: #"{"is_active": false}"#)
            #expect(put.status == 404)
            let delete = try await api.send(.delete, clientB.path("/hooks/\(hookA)"), token: clientB.token)
            #expect(delete.status == 404)
            let list = try await api.send(.get, clientB.path("/hooks"), token: clientB.token)
            #expect(list.json["data"].array?.isEmpty == true)
            let admin = try await api.send(.get, clientB.path("/hooks/admin"), token: clientB.token)
            #expect(admin.json["data"]["hooks_list"].array?.isEmpty == true)

            let stillThere = try await api.send(.get, clientA.path("/hooks/\(hookA)"), token: clientA.token)
            #expect(stillThere.json["data"]["is_active"].bool == true)
            // The same scope and destination is free for another client.
            _ = try await api.createHook(clientB)
        }
    }
}
