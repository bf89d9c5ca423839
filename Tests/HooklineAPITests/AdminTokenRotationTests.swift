import HooklineCore
@testable import HooklineAPI
import HooklineTestSupport
import HTTPTypes
import Testing

/// `POST /admin/v1/admin-token/rotate`: a new admin token, shown once; the old one refused at once.
@Suite struct AdminTokenRotationTests {
    @Test func rotationRefusesTheOldTokenAtOnce() async throws {
        try await TestHookline().run { api in
            let rotated = try await api.send(.post, "/admin/v1/admin-token/rotate", admin: true)
            #expect(rotated.status == 200, "\(rotated.text)")
            let token = try #require(rotated.json["data"]["admin_token"].string)
            #expect(token.hasPrefix("hla_") && token != TestHookline.adminToken)

            #expect(try await api.send(.get, "/admin/v1/stores", admin: true).status == 401, "the old token is refused at once")
            let newToken: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await api.send(.get, "/admin/v1/stores", headers: newToken).status == 200)

            #expect(try await api.send(.post, "/admin/v1/admin-token/rotate").status == 401, "rotating needs the token")
            #expect(try await api.send(.get, "/admin/v1/admin-token/rotate", headers: newToken).status == 405)
        }
    }

    /// Two nodes on one database: a token rotated on one is refused by the other once its cached
    /// digest is older than the refresh interval (time passed in, no waiting).
    @Test func anotherNodeRefusesTheOldTokenWithinTheRefreshInterval() async throws {
        let opened = try await TestStorage.open(try await TestStorage.newLocation())
        let old = "old-admin-token-0123456789"
        try await opened.storage.setAdminTokenHash(Credentials.tokenHash(old))
        let start = ContinuousClock.now
        let rotating = AdminCredential(storage: opened.storage, hash: Credentials.tokenHash(old), now: start)
        let other = AdminCredential(storage: opened.storage, hash: Credentials.tokenHash(old), now: start)
        #expect(try await other.accepts(old, now: start))

        let new = try await rotating.rotate(now: start)
        #expect(try await !rotating.accepts(old, now: start))
        #expect(try await rotating.accepts(new, now: start))
        let later = start + AdminCredential.refreshInterval + .milliseconds(1)
        #expect(try await !other.accepts(old, now: later))
        #expect(try await other.accepts(new, now: later))
        await opened.close()
    }
}
