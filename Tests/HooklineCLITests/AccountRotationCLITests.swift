import Foundation
import HooklineTestSupport
import NIOHTTP1
import Testing

/// `hookline accounts rotate-secret` and `rotate-token` against a real server.
@Suite struct AccountRotationCLITests {
    @Test func rotateSecretAndTokenFromTheCLI() async throws {
        let sandbox = try await DeliverySandbox.start(storeHash: "rotatecli")
        let accounts = try #require(try await sandbox.cliData(["accounts", "list", "--store", "rotatecli"]) as? [[String: Any]])
        let clientID = try #require(accounts.first?["client_id"] as? String)

        let secret = try #require(
            try await sandbox.cliData(["accounts", "rotate-secret", "--store", "rotatecli", clientID, "--overlap-seconds", "60"])
                as? [String: Any])
        let newSecret = try #require(secret["client_secret"] as? String)
        #expect(newSecret != sandbox.clientSecret)
        let expiresAt = try #require(secret["previous_expires_at"] as? Int)
        #expect(abs(expiresAt - (Int(Date().timeIntervalSince1970) + 60)) < 30)
        let table = try await sandbox.cli(["accounts", "rotate-secret", "--store", "rotatecli", clientID])
        #expect(table.status == 0 && table.output.contains("previous_expires_at") && table.output.contains("not shown again"))
        let refused = try await sandbox.cli(["accounts", "rotate-secret", "--store", "rotatecli", clientID, "--overlap-seconds", "604801"])
        #expect(refused.status != 0 && refused.output.contains("overlap_seconds"), "\(refused.output)")

        let client = TestHTTPClient(baseURL: sandbox.base)
        let hooks = "/stores/rotatecli/v3/hooks"
        #expect(try await client.send(.GET, hooks, headers: ["X-Auth-Token": sandbox.accessToken]).status == 200)
        let token = try #require(
            try await sandbox.cliData(["accounts", "rotate-token", "--store", "rotatecli", clientID]) as? [String: Any])
        let newToken = try #require(token["access_token"] as? String)
        #expect(try await client.send(.GET, hooks, headers: ["X-Auth-Token": sandbox.accessToken]).status == 401)
        #expect(try await client.send(.GET, hooks, headers: ["X-Auth-Token": newToken]).status == 200)
        try await sandbox.stop()
    }
}
