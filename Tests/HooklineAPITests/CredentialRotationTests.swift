import Foundation
import HooklineCore
import Testing

/// `…/accounts/{client_id}/rotate-secret` and `…/rotate-token`.
@Suite struct CredentialRotationTests {
    @Test func rotateTokenRefusesTheOldTokenAtOnce() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            #expect(try await api.send(.get, tenant.path("/hooks"), token: tenant.token).status == 200)
            let rotated = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)/rotate-token", admin: true)
            #expect(rotated.status == 200, "\(rotated.text)")
            let token = try #require(rotated.json["data"]["access_token"].string)
            #expect(token != tenant.token && token.count >= 40)
            #expect(try await api.send(.get, tenant.path("/hooks"), token: tenant.token).status == 401)
            #expect(try await api.send(.get, tenant.path("/hooks"), token: token).status == 200)
            let unknown = try await api.send(.post, "/admin/v1/stores/\(tenant.storeHash)/accounts/nosuch/rotate-token", admin: true)
            #expect(unknown.status == 404)
            let withFields = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)/rotate-token", admin: true,
                body: #"{"token": "mine"}"#)
            #expect(withFields.status == 422 && withFields.json["errors"]["token"].string != nil)
            let wrongMethod = try await api.send(
                .get, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)/rotate-token", admin: true)
            #expect(wrongMethod.status == 405)
            let asClient = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)/rotate-token", token: token)
            #expect(asClient.status == 401)
        }
    }

    @Test func rotateSecretAnswersTheNewSecretOnceAndTheOverlapsEnd() async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let path = "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)/rotate-secret"
            let before = Int64(Date().timeIntervalSince1970)
            let rotated = try await api.send(.post, path, admin: true)
            #expect(rotated.status == 200, "\(rotated.text)")
            let secret = try #require(rotated.json["data"]["client_secret"].string)
            #expect(secret != tenant.clientSecret && secret.count >= 40)
            let expires = try #require(rotated.json["data"]["previous_expires_at"].int)
            #expect((before + 86_400...before + 86_400 + 60).contains(expires), "a day by default")
            #expect(rotated.json["meta"].object?.isEmpty == true)
            let short = try await api.send(.post, path, admin: true, body: #"{"overlap_seconds": 30}"#)
            let shortExpires = try #require(short.json["data"]["previous_expires_at"].int)
            #expect((before + 30...before + 90).contains(shortExpires))
            let list = try await api.send(.get, "/admin/v1/stores/\(tenant.storeHash)/accounts", admin: true)
            #expect(!list.text.contains(secret), "the secret is shown only in the rotation's answer")
            #expect(try await api.send(.get, tenant.path("/hooks"), token: tenant.token).status == 200, "the token stays")
        }
    }

    @Test(arguments: [
        #"{"overlap_seconds": -1}"#, #"{"overlap_seconds": 604801}"#, #"{"overlap_seconds": "60"}"#,
        #"{"overlap_seconds": 1.5}"#, #"{"overlap": 60}"#,
    ])
    func badRotationRequestsAre422(_ body: String) async throws {
        try await TestHookline().run { api in
            let tenant = try await api.makeTenant()
            let response = try await api.send(
                .post, "/admin/v1/stores/\(tenant.storeHash)/accounts/\(tenant.clientID)/rotate-secret", admin: true, body: body)
            #expect(response.status == 422, "\(body) → \(response.text)")
            #expect(response.json["errors"].object?.isEmpty == false, "says which field is wrong: \(response.text)")
            let missing = try await api.send(.post, "/admin/v1/stores/\(tenant.storeHash)/accounts/nosuch/rotate-secret", admin: true)
            #expect(missing.status == 404)
        }
    }
}
