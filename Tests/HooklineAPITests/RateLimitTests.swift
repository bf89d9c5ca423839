import HooklineCore
import Testing

/// Per-token quota with BigCommerce's `X-Rate-Limit-*` headers.
@Suite struct RateLimitTests {
    static func limited(quota: Int) async throws -> TestHookline {
        var settings = TestHookline.developmentSettings
        settings.rateLimit = RateLimitPolicy(quota: quota, windowMilliseconds: 600_000)
        return try await TestHookline(settings: settings)
    }

    @Test func everyResponseCarriesTheFourHeaders() async throws {
        try await Self.limited(quota: 5).run { api in
            let tenant = try await api.makeTenant()
            let ok = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            let notFound = try await api.send(.get, tenant.path("/hooks/12345"), token: tenant.token)
            let invalid = try await api.send(.post, tenant.path("/hooks"), token: tenant.token, body: "{")
            for response in [ok, notFound, invalid] {
                #expect(response.header("X-Rate-Limit-Time-Window-Ms") == "600000")
                #expect(response.header("X-Rate-Limit-Requests-Quota") == "5")
                #expect(Int(response.header("X-Rate-Limit-Time-Reset-Ms") ?? "") != nil)
            }
            #expect(ok.header("X-Rate-Limit-Requests-Left") == "4")
            #expect(notFound.header("X-Rate-Limit-Requests-Left") == "3")
            #expect(invalid.header("X-Rate-Limit-Requests-Left") == "2")
        }
    }

    @Test func pastTheQuotaIs429PerToken() async throws {
        try await Self.limited(quota: 3).run { api in
            let tenant = try await api.makeTenant()
            let other = try await api.makeAccount(in: tenant.storeHash)
            for _ in 0..<3 {
                #expect(try await api.send(.get, tenant.path("/hooks"), token: tenant.token).status == 200)
            }
            let limited = try await api.send(.get, tenant.path("/hooks"), token: tenant.token)
            #expect(limited.status == 429)
            #expect(limited.json["status"].int == 429)
            #expect(limited.header("X-Rate-Limit-Requests-Left") == "0")
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
            let write = try await api.send(.post, tenant.path("/hooks"), token: tenant.token, body: #"{"scope":"store/order/created","destination":"https://example.com/x"}"#)
            #expect(write.status == 429, "a limited request must not be executed")
            // Another token has its own quota.
            #expect(try await api.send(.get, other.path("/hooks"), token: other.token).status == 200)
        }
    }
}
