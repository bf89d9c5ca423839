import Foundation
import HooklineAPI
import HooklineTestSupport
import Testing

/// `--admin-host`/`--admin-port`: operator routes move to their own listener and answer 404 on the public one.
@Suite struct AdminListenerTests {
    @Test func adminPathsAnswer404OnThePublicListenerAndWorkOnTheAdminOne() async throws {
        try await EdgeServer.run(adminListener: true) { server in
            let admin = try #require(server.adminURL)
            let onPublic = try await EdgeHTTPClient.send("\(server.publicURL)/admin/v1/stores", adminToken: TestHookline.adminToken)
            #expect(onPublic.status == 404, "public listener: \(onPublic.body)")
            let created = try await EdgeHTTPClient.send(
                "\(admin)/admin/v1/stores", method: .GET, adminToken: TestHookline.adminToken)
            #expect(created.status == 200, "admin listener: \(created.body)")
            // The client API stays on the public listener only.
            let clientOnPublic = try await EdgeHTTPClient.send("\(server.publicURL)/stores/abc/v3/hooks", token: "nope")
            #expect(clientOnPublic.status == 401)
            let clientOnAdmin = try await EdgeHTTPClient.send("\(admin)/stores/abc/v3/hooks", token: "nope")
            #expect(clientOnAdmin.status == 404)
            // The inbound gateway is for outside senders: public; declaring its sources is for the operator.
            let json = [("Content-Type", "application/json")]
            let inboundOnPublic = try await EdgeHTTPClient.send(
                "\(server.publicURL)/inbound/nobody", method: .POST, headers: json, body: "{}")
            #expect(inboundOnPublic.status == 404 && inboundOnPublic.body.contains("Inbound source"), "\(inboundOnPublic.body)")
            let inboundOnAdmin = try await EdgeHTTPClient.send("\(admin)/inbound/nobody", method: .POST, headers: json, body: "{}")
            #expect(inboundOnAdmin.status == 404 && !inboundOnAdmin.body.contains("Inbound source"))
            let sourcesOnPublic = try await EdgeHTTPClient.send(
                "\(server.publicURL)/admin/v1/inbound-sources", adminToken: TestHookline.adminToken)
            #expect(sourcesOnPublic.status == 404)
            let sourcesOnAdmin = try await EdgeHTTPClient.send("\(admin)/admin/v1/inbound-sources", adminToken: TestHookline.adminToken)
            #expect(sourcesOnAdmin.status == 200, "\(sourcesOnAdmin.body)")
            #expect(try await EdgeHTTPClient.send("\(server.publicURL)/health").status == 200)
            #expect(try await EdgeHTTPClient.send("\(admin)/health").status == 200)
        }
    }

    @Test func withoutAnAdminListenerEverythingIsOnOne() async throws {
        try await EdgeServer.run { server in
            #expect(server.adminURL == nil)
            let stores = try await EdgeHTTPClient.send("\(server.publicURL)/admin/v1/stores", adminToken: TestHookline.adminToken)
            #expect(stores.status == 200, "\(stores.body)")
        }
    }
}
