import Foundation
import HTTPTypes
import HooklineCore
import Testing

@Suite("Dashboard")
struct DashboardTests {
    /// Logs in with the admin token; returns the `Cookie` header value of the session.
    static func logIn(_ api: APIClient) async throws -> String {
        let response = try await api.send(.post, "/dashboard/login", body: "token=\(TestHookline.adminToken)")
        try #require(response.status == 303, "login answered \(response.status): \(response.text)")
        let setCookie = try #require(response.header("Set-Cookie"))
        return String(setCookie.prefix { $0 != ";" })
    }

    static func cookie(_ value: String) -> HTTPFields { [.cookie: value] }

    /// The CSRF token in a page's forms.
    static func csrf(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /name="csrf" value="([^"]+)"/))
        return String(match.1)
    }

    @Test("Without a session every page goes to the login page and every action is refused")
    func noSessionNoData() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let hook = try await api.createHook(tenant)
            for path in ["/dashboard", "/dashboard/stores", "/dashboard/stores/\(tenant.storeHash)/hooks/\(hook)"] {
                let page = try await api.send(.get, path, headers: Self.cookie("hookline_session=forged"))
                #expect(page.status == 303, "\(path)")
                #expect(page.header("Location") == "/dashboard/login")
                #expect(!page.text.contains(tenant.storeHash))
            }
            try await api.send(.put, tenant.path("/hooks/\(hook)"), token: tenant.token, body: #"{"is_active": false}"#)
            let refused = try await api.send(
                .post, "/dashboard/stores/\(tenant.storeHash)/hooks/\(hook)/reactivate", body: "csrf=x")
            #expect(refused.status == 403)
            let after = try await api.send(.get, tenant.path("/hooks/\(hook)"), token: tenant.token)
            #expect(after.json["data"]["is_active"].bool == false)
        }
    }

    @Test("Logging in sets an HttpOnly, SameSite=Strict session cookie that expires; pages carry a script-free CSP")
    func loginSessionAndHeaders() async throws {
        try await TestHookline().run { api in
            let wrong = try await api.send(.post, "/dashboard/login", body: "token=nope")
            #expect(wrong.status == 401)
            #expect(wrong.header("Set-Cookie") == nil)
            #expect(wrong.text.contains("not the admin token"))

            let response = try await api.send(.post, "/dashboard/login", body: "token=\(TestHookline.adminToken)")
            #expect(response.status == 303)
            #expect(response.header("Location") == "/dashboard")
            let setCookie = try #require(response.header("Set-Cookie"))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/dashboard", "Max-Age=28800"] {
                #expect(setCookie.contains(attribute), "\(setCookie) lacks \(attribute)")
            }
            #expect(!setCookie.contains("Secure"), "plain http must not mark the cookie Secure")
            let cookie = String(setCookie.prefix { $0 != ";" })

            let overview = try await api.send(.get, "/dashboard", headers: Self.cookie(cookie))
            #expect(overview.status == 200)
            #expect(overview.header("Content-Type") == "text/html; charset=utf-8")
            let policy = try #require(overview.header("Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src") && !policy.contains("unsafe"))
            #expect(overview.text.contains("<svg class=\"chart\""))
            #expect(overview.text.contains(#"<text class="tick" x="0" y="154">60 min ago</text>"#))
            #expect(overview.text.contains("href=\"/openapi.json\""))
            #expect(!overview.text.contains("<script"))

            let logout = try await api.send(
                .post, "/dashboard/logout", body: "csrf=\(try Self.csrf(in: overview.text))", headers: Self.cookie(cookie))
            #expect(logout.status == 303)
            #expect(logout.header("Set-Cookie")?.contains("Max-Age=0") == true)
            let afterLogout = try await api.send(.get, "/dashboard", headers: Self.cookie(cookie))
            #expect(afterLogout.status == 303)
        }
    }

    @Test("A server reached over https marks the session cookie Secure")
    func secureCookie() async throws {
        var settings = TestHookline.developmentSettings
        settings.secureCookies = true
        try await TestHookline(settings: settings).run { api in
            let response = try await api.send(.post, "/dashboard/login", body: "token=\(TestHookline.adminToken)")
            let setCookie = try #require(response.header("Set-Cookie"))
            #expect(setCookie.contains("Secure") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
        }
    }

    @Test("What clients control is escaped; reactivate needs the session's CSRF token")
    func escapingAndCSRF() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            _ = try await api.makeAccount(in: tenant.storeHash, name: "<script>alert(1)</script>")
            let hook = try await api.createHook(
                tenant, destination: "https://example.com/x?a=<b>", extra: #", "headers": {"X-Evil": "<img src=x onerror=alert(1)>"}"#)
            try await api.send(.put, tenant.path("/hooks/\(hook)"), token: tenant.token, body: #"{"is_active": false}"#)
            let cookie = try await Self.logIn(api)

            let store = try await api.send(.get, "/dashboard/stores/\(tenant.storeHash)", headers: Self.cookie(cookie))
            #expect(store.status == 200)
            #expect(store.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!store.text.contains("<script>"))
            #expect(store.text.contains("https://example.com/x?a=&lt;b&gt;"))

            let page = try await api.send(.get, "/dashboard/stores/\(tenant.storeHash)/hooks/\(hook)", headers: Self.cookie(cookie))
            #expect(page.status == 200)
            #expect(page.text.contains("X-Evil: &lt;img src=x onerror=alert(1)&gt;"))
            #expect(!page.text.contains("<img"))
            #expect(page.text.contains("inactive"))

            let action = "/dashboard/stores/\(tenant.storeHash)/hooks/\(hook)/reactivate"
            let forged = try await api.send(.post, action, body: "csrf=guess", headers: Self.cookie(cookie))
            #expect(forged.status == 403)
            #expect(try await api.send(.get, tenant.path("/hooks/\(hook)"), token: tenant.token).json["data"]["is_active"].bool == false)

            let done = try await api.send(.post, action, body: "csrf=\(try Self.csrf(in: page.text))", headers: Self.cookie(cookie))
            #expect(done.status == 303)
            #expect(done.header("Location") == "/dashboard/stores/\(tenant.storeHash)/hooks/\(hook)?done=reactivated")
            #expect(try await api.send(.get, tenant.path("/hooks/\(hook)"), token: tenant.token).json["data"]["is_active"].bool == true)

            let missing = try await api.send(.get, "/dashboard/stores/\(tenant.storeHash)/hooks/999999", headers: Self.cookie(cookie))
            #expect(missing.status == 404)
            let unknownStore = try await api.send(.get, "/dashboard/stores/nosuchstore", headers: Self.cookie(cookie))
            #expect(unknownStore.status == 404)
        }
    }

    @Test("An event's page shows its payload escaped and cut at a size it states; an unknown event is 404")
    func eventPayload() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let long = String(repeating: "y", count: 20_000)
            let published = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/events", admin: true,
                body: #"{"id": "evt-<1>", "scope": "store/order/created", "data": {"type": "order", "id": 1, "note": "<script>alert(1)</script>", "pad": "\#(long)"}}"#)
            try #require(published.status == 202, "\(published.text)")
            let cookie = try await Self.logIn(api)
            let page = try await api.send(.get, "/dashboard/stores/\(tenant.storeHash)/events/evt-%3C1%3E", headers: Self.cookie(cookie))
            #expect(page.status == 200, "\(page.text)")
            #expect(page.text.contains("&quot;note&quot; : &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"), "indented and escaped: \(page.text.prefix(3000))")
            #expect(!page.text.contains("<script"))
            #expect(page.text.contains("The first 16000 of"), "the cut is stated")
            #expect(!page.text.contains(String(repeating: "y", count: 16_001)))
            let missing = try await api.send(.get, "/dashboard/stores/\(tenant.storeHash)/events/nope", headers: Self.cookie(cookie))
            #expect(missing.status == 404 && missing.text.contains("no event"))
        }
    }
}
