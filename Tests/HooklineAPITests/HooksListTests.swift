import Testing

/// `GET /hooks`: pagination meta, edges and filters.
@Suite struct HooksListTests {
    @Test func paginatesWithBigCommerceMeta() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            for index in 0..<7 { _ = try await api.createHook(tenant, destination: "https://example.com/\(index)") }

            let first = try await api.send(.get, tenant.path("/hooks?page=1&limit=3"), token: tenant.token)
            #expect(first.status == 200)
            #expect(first.json["data"].array?.count == 3)
            let pagination = first.json["meta"]["pagination"]
            #expect(pagination["total"].int == 7)
            #expect(pagination["count"].int == 3)
            #expect(pagination["per_page"].int == 3)
            #expect(pagination["current_page"].int == 1)
            #expect(pagination["total_pages"].int == 3)
            #expect(pagination["links"]["current"].string == "?page=1&limit=3")
            #expect(pagination["links"]["next"].string == "?page=2&limit=3")
            #expect(pagination["links"].object?["previous"] == nil)

            let last = try await api.send(.get, tenant.path("/hooks?page=3&limit=3"), token: tenant.token)
            #expect(last.json["data"].array?.count == 1)
            #expect(last.json["meta"]["pagination"]["links"]["previous"].string == "?page=2&limit=3")
            #expect(last.json["meta"]["pagination"]["links"].object?["next"] == nil)

            let beyond = try await api.send(.get, tenant.path("/hooks?page=9&limit=3"), token: tenant.token)
            #expect(beyond.status == 200)
            #expect(beyond.json["data"].array?.isEmpty == true)
            #expect(beyond.json["meta"]["pagination"]["total"].int == 7)

            let ids = try await collectIDs(api, tenant, pages: 3, limit: 3)
            #expect(ids.count == 7 && Set(ids).count == 7 && ids == ids.sorted(), "pages cover every hook once, in id order")

            let defaults = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            #expect(defaults.json["meta"]["pagination"]["per_page"].int == 50)
        }
    }

    private func collectIDs(_ api: APIClient, _ tenant: Tenant, pages: Int, limit: Int) async throws -> [Int64] {
        var ids: [Int64] = []
        for page in 1...pages {
            let response = try await api.send(.get, tenant.path("/hooks?page=\(page)&limit=\(limit)"), token: tenant.token)
            ids += (response.json["data"].array ?? []).compactMap { $0["id"].int }
        }
        return ids
    }

    @Test func emptyListHasZeroTotals() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            #expect(response.status == 200)
            #expect(response.json["data"].array?.isEmpty == true)
            #expect(response.json["meta"]["pagination"]["total"].int == 0)
            #expect(response.json["meta"]["pagination"]["total_pages"].int == 0)
        }
    }

    @Test(arguments: ["page=0", "page=abc", "limit=0", "limit=251", "limit=-1", "is_active=maybe", "page=99999999999999999999"])
    func badQueryParametersAre422(_ query: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(.get, tenant.path("/hooks?\(query)"), token: tenant.token)
            #expect(response.status == 422, "\(query): \(response.text)")
            let name = String(query.split(separator: "=")[0])
            #expect(response.json["errors"][name].string != nil)
        }
    }

    @Test func filtersByActiveScopeAndDestination() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.createHook(tenant, scope: "store/order/created", destination: "https://a.example.com/x")
            _ = try await api.createHook(tenant, scope: "store/order/updated", destination: "https://a.example.com/x")
            _ = try await api.createHook(
                tenant, scope: "store/order/created", destination: "https://b.example.com/x", extra: #", "is_active": false"#)

            func count(_ query: String) async throws -> Int? {
                let response = try await api.send(.get, tenant.path("/hooks?\(query)"), token: tenant.token)
                return response.json["data"].array?.count
            }
            #expect(try await count("is_active=true") == 2)
            #expect(try await count("is_active=false") == 1)
            #expect(try await count("scope=store/order/created") == 2)
            #expect(try await count("scope=store%2Forder%2Fupdated") == 1)
            #expect(try await count("destination=https://b.example.com/x") == 1)
            #expect(try await count("scope=store/order/created&is_active=true") == 1)
            #expect(try await count("scope=store/cart/created") == 0)

            let filtered = try await api.send(.get, tenant.path("/hooks?is_active=true&limit=1"), token: tenant.token)
            #expect(filtered.json["meta"]["pagination"]["links"]["next"].string == "?page=2&limit=1&is_active=true")
        }
    }
}
