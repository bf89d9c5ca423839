import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// Name resolution through a whole Hookline: the engine's deliveries resolve with the scripted
/// resolver and connect only to what the policy vetted. The policy permits 127.0.0.1 alone; a
/// receiver listens on 127.0.0.1 and on 127.0.0.2 on one port; `inside.test` answers 127.0.0.2.
@Suite struct DeliveryResolutionTests {
    @Test func aNameResolvingToARefusedAddressIsLoggedForbiddenAndNeverConnected() async throws {
        let allowed = try await ScriptedReceiver(host: "127.0.0.1") { _ in .ok() }
        let refused = try await ScriptedReceiver(host: "127.0.0.2", port: allowed.port) { _ in .ok() }
        let resolver = ScriptedResolver(["outside.test": [["127.0.0.1"]], "inside.test": [["127.0.0.2"]]])
        let hookline = try await DeliveryTestbed(resolver: resolver) {
            $0.destinationPolicy = DestinationPolicy(allowInsecure: true, permittedRestrictedAddresses: ["127.0.0.1"])
            $0.retrySchedule = RetrySchedule(delays: [3600])
        }
        let client = try await hookline.makeClient()
        let good = try await hookline.makeHook(
            client, scope: "store/order/created", destination: "http://outside.test:\(allowed.port)/hook")
        let bad = try await hookline.makeHook(
            client, scope: "store/order/created", destination: "http://inside.test:\(allowed.port)/hook")
        try await hookline.publish(client.storeHash, scope: "store/order/created")

        let refusedAttempt = try await Eventually.wait("the refused attempt") {
            try await hookline.attempts(client.storeHash, hook: bad).first
        }
        #expect(refusedAttempt["error"] as? String == "forbidden_address")
        let delivered = try await Eventually.wait("the allowed attempt") {
            try await hookline.attempts(client.storeHash, hook: good).first
        }
        #expect(delivered["status_code"] as? Int == 200)
        #expect(allowed.requests.first?.head.headers["Host"] == ["outside.test:\(allowed.port)"])
        #expect(refused.connections == 0, "nothing connected to the refused address")
        await allowed.close()
        await refused.close()
    }
}
