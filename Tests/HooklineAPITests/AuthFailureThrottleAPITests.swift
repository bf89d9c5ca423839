import Foundation
import HTTPTypes
import HooklineAPI
import HooklineCore
import HooklineTestSupport
import Testing

/// Failed authentication on a real listener: an address that keeps failing gets 429 while a valid
/// token from it is still served; behind a trusted proxy, `X-Forwarded-For` names the address.
@Suite struct AuthFailureThrottleAPITests {
    static func settings(trusting proxies: [String] = []) throws -> APISettings {
        var settings = TestHookline.developmentSettings
        settings.authFailures = AuthFailurePolicy(failures: 3, windowMilliseconds: 60_000, blockMilliseconds: 60_000)
        settings.trustedProxies = try TrustedProxies(parsing: proxies)
        return settings
    }

    /// Creates a store and an account on the server; returns the hooks URL and the access token.
    static func tenant(_ server: EdgeServer) async throws -> (hooks: String, token: String) {
        let admin = TestHookline.adminToken
        let hash = "t" + Credentials.randomString(length: 9).lowercased()
        let store = try await EdgeHTTPClient.send(
            "\(server.publicURL)/admin/v1/stores", method: .POST, adminToken: admin, body: #"{"store_hash": "\#(hash)"}"#)
        try #require(store.status == 201, "\(store.body)")
        let account = try await EdgeHTTPClient.send(
            "\(server.publicURL)/admin/v1/stores/\(hash)/accounts", method: .POST, adminToken: admin, body: #"{"name": "t"}"#)
        try #require(account.status == 201, "\(account.body)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(account.body.utf8)) as? [String: Any])
        let token = try #require((json["data"] as? [String: Any])?["access_token"] as? String)
        return ("\(server.publicURL)/stores/\(hash)/v3/hooks", token)
    }

    @Test func anAddressThatKeepsFailingIsAnswered429AndItsValidTokenStillWorks() async throws {
        try await EdgeServer.run(settings: try Self.settings()) { server in
            let (hooks, token) = try await Self.tenant(server)
            #expect(try await EdgeHTTPClient.send(hooks, token: "wrong").status == 401)
            #expect(try await EdgeHTTPClient.send(hooks, token: "wrong").status == 401)
            let blocked = try await EdgeHTTPClient.send(hooks, token: "wrong")
            #expect(blocked.status == 429, "\(blocked.body)")
            #expect(Int(blocked.headers.first(name: "Retry-After") ?? "") == 60)
            #expect(blocked.body.contains("failed authentication"))
            #expect(try await EdgeHTTPClient.send(hooks).status == 429, "a missing token is a failure too")
            #expect(try await EdgeHTTPClient.send(hooks, token: token).status == 200, "a valid token is still served")

            let adminURL = "\(server.publicURL)/admin/v1/stores"
            for _ in 0..<2 { #expect(try await EdgeHTTPClient.send(adminURL, adminToken: "wrong-admin-token").status == 401) }
            #expect(try await EdgeHTTPClient.send(adminURL, adminToken: "wrong-admin-token").status == 429)
            #expect(try await EdgeHTTPClient.send(adminURL, adminToken: TestHookline.adminToken).status == 200)
        }
    }

    @Test func wrongTokensOnTheDashboardLoginCountWithTheAdminAPIsAndAreAnswered429Too() async throws {
        try await EdgeServer.run(settings: try Self.settings()) { server in
            let login = "\(server.publicURL)/dashboard/login"
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            let wrong = try await EdgeHTTPClient.send(login, method: .POST, headers: form, body: "token=wrong-admin-token")
            #expect(wrong.status == 401 && wrong.body.contains("not the admin token"), "\(wrong.body)")
            let adminURL = "\(server.publicURL)/admin/v1/stores"
            #expect(try await EdgeHTTPClient.send(adminURL, adminToken: "wrong-admin-token").status == 401)

            let blocked = try await EdgeHTTPClient.send(login, method: .POST, headers: form, body: "token=wrong-again")
            #expect(blocked.status == 429, "the third failure from this address, the first on the API counted too: \(blocked.body)")
            #expect(Int(blocked.headers.first(name: "Retry-After") ?? "") == 60)
            #expect(blocked.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
            #expect(blocked.body.contains("Too many failed authentication attempts") && blocked.body.contains(#"<form method="post" action="/dashboard/login""#))
            #expect(try await EdgeHTTPClient.send(login, method: .POST, headers: form, body: "").status == 429, "a form without a token is a failure too")
            #expect(try await EdgeHTTPClient.send(adminURL, adminToken: "wrong-admin-token").status == 429, "and the API's count is the login's")

            let valid = try await TestHTTPClient(baseURL: server.publicURL).send(
                .POST, "/dashboard/login", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "token=\(TestHookline.adminToken)")
            #expect(valid.status == 303 && valid.headers.first(name: "Set-Cookie") != nil, "the admin token still logs in")
        }
    }

    @Test func badInboundSignaturesAreThrottledAndAValidOneIsStillAccepted() async throws {
        try await EdgeServer.run(settings: try Self.settings()) { server in
            let (hooks, _) = try await Self.tenant(server)
            let storeHash = hooks.split(separator: "/").dropLast(2).last.map(String.init) ?? ""
            let source = try await EdgeHTTPClient.send(
                "\(server.publicURL)/admin/v1/inbound-sources", method: .POST, adminToken: TestHookline.adminToken,
                body: #"{"name": "bc", "secret": "\#(InboundGatewayTests.secret)", "store_hash": "\#(storeHash)"}"#)
            try #require(source.status == 201, "\(source.body)")
            let body = InboundGatewayTests.payload()
            func send(_ headers: HTTPFields) async throws -> Int {
                try await EdgeHTTPClient.send(
                    "\(server.publicURL)/inbound/bc", method: .POST,
                    headers: [("Content-Type", "application/json")] + headers.map { ($0.name.rawName, $0.value) }, body: body
                ).status
            }
            let forged = InboundGatewayTests.signed(body, secret: "guessed")
            #expect(try await send(forged) == 401)
            #expect(try await send(forged) == 401)
            #expect(try await send(forged) == 429)
            #expect(try await send(InboundGatewayTests.signed(body)) == 202, "a valid signature is still accepted")
        }
    }

    @Test func behindATrustedProxyTheForwardedAddressIsThrottledNotTheProxy() async throws {
        try await EdgeServer.run(settings: try Self.settings(trusting: ["127.0.0.0/8"])) { server in
            let (hooks, _) = try await Self.tenant(server)
            let failer = [("X-Forwarded-For", "198.51.100.7")]
            for _ in 0..<2 { #expect(try await EdgeHTTPClient.send(hooks, token: "wrong", headers: failer).status == 401) }
            #expect(try await EdgeHTTPClient.send(hooks, token: "wrong", headers: failer).status == 429)
            let other = [("X-Forwarded-For", "198.51.100.8")]
            #expect(try await EdgeHTTPClient.send(hooks, token: "wrong", headers: other).status == 401, "another client behind the same proxy")
        }
    }

    @Test func withoutATrustedProxyXForwardedForIsIgnored() async throws {
        try await EdgeServer.run(settings: try Self.settings()) { server in
            let (hooks, _) = try await Self.tenant(server)
            for (index, expected) in [401, 401, 429].enumerated() {
                let spoofed = [("X-Forwarded-For", "203.0.113.\(index + 1)")]
                #expect(try await EdgeHTTPClient.send(hooks, token: "wrong", headers: spoofed).status == expected)
            }
        }
    }
}
