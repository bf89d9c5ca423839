import Testing

/// `GET/PUT /hooks/admin`.
@Suite struct HooksAdminTests {
    @Test func showsEmailsHooksWithStatusAndBlockedDomains() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let active = try await api.createHook(tenant, destination: "https://example.com/a")
            let inactive = try await api.createHook(tenant, destination: "https://example.com/b", extra: #", "is_active": false"#)

            let empty = try await api.send(.get, tenant.path("/hooks/admin"), token: tenant.token)
            #expect(empty.status == 200)
            #expect(empty.json["data"]["emails"].array?.isEmpty == true)
            #expect(empty.json["data"]["blocked_domains"].array?.isEmpty == true)
            let list = empty.json["data"]["hooks_list"].array ?? []
            #expect(list.count == 2)
            #expect(list.first(where: { $0["id"].int == active })?["status"].string == "active")
            #expect(list.first(where: { $0["id"].int == inactive })?["status"].string == "inactive")
            #expect(list.first(where: { $0["id"].int == inactive })?["is_active"].bool == false)

            let put = try await api.send(
                .put, tenant.path("/hooks/admin"), token: tenant.token,
                body: #"{"emails": ["ops@example.com", "dev@example.com"]}"#)
            #expect(put.status == 204)
            #expect(put.text.isEmpty)
            let after = try await api.send(.get, tenant.path("/hooks/admin"), token: tenant.token)
            #expect(after.json["data"]["emails"].array?.compactMap(\.string) == ["ops@example.com", "dev@example.com"])

            let replaced = try await api.send(.put, tenant.path("/hooks/admin"), token: tenant.token, body: #"{"emails": []}"#)
            #expect(replaced.status == 204)
            let cleared = try await api.send(.get, tenant.path("/hooks/admin"), token: tenant.token)
            #expect(cleared.json["data"]["emails"].array?.isEmpty == true)
        }
    }

    @Test func anEmptyObjectIsValidAndChangesNothing() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let set = try await api.send(
                .put, tenant.path("/hooks/admin"), token: tenant.token, body: #"{"emails": ["ops@example.com"]}"#)
            #expect(set.status == 204)
            let empty = try await api.send(.put, tenant.path("/hooks/admin"), token: tenant.token, body: "{}")
            #expect(empty.status == 204, "\(empty.text)")
            #expect(empty.text.isEmpty)
            let after = try await api.send(.get, tenant.path("/hooks/admin"), token: tenant.token)
            #expect(after.json["data"]["emails"].array?.compactMap(\.string) == ["ops@example.com"])
        }
    }

    @Test func filtersByIsActiveOrActive() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant, destination: "https://example.com/a")
            _ = try await api.createHook(tenant, destination: "https://example.com/b", extra: #", "is_active": false"#)
            for query in ["is_active=true", "active=true"] {
                let response = try await api.send(.get, tenant.path("/hooks/admin?\(query)"), token: tenant.token)
                #expect(response.json["data"]["hooks_list"].array?.count == 1)
                #expect(response.json["data"]["hooks_list"][0]["status"].string == "active")
            }
            let inactive = try await api.send(.get, tenant.path("/hooks/admin?is_active=false"), token: tenant.token)
            #expect(inactive.json["data"]["hooks_list"][0]["status"].string == "inactive")
            let bad = try await api.send(.get, tenant.path("/hooks/admin?active=perhaps"), token: tenant.token)
            #expect(bad.status == 422)
        }
    }

    @Test(arguments: [
        #"{"emails": "ops@example.com"}"#, #"{"emails": ["not an email"]}"#, #"{"emails": [1]}"#,
        #"{"emails": [], "other": 1}"#, #"{"other": 1}"#,
    ])
    func invalidEmailBodiesAre422(_ body: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.put, tenant.path("/hooks/admin"), token: tenant.token, body: body)
            #expect(response.status == 422, "\(body) → \(response.text)")
        }
    }
}
