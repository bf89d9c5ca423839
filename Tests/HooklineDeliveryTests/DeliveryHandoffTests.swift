import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// Publishes lease their new deliveries to the node's engine in their own transaction, and the
/// engine sends them without claiming them; what the lease cannot take is claimed as before.
@Suite struct DeliveryHandoffTests {
    /// A publish under a lease does not wake the claim loop (nor, on SQLite, the store's `newWork()`),
    /// and its idle poll is two minutes: only the handoff can bring the delivery within the test's wait.
    @Test func aPublishedEventIsSentWithoutAClaim() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed() { $0.idlePollMilliseconds = 120_000 }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/a"))
        _ = try await hookline.makeHook(client, scope: "store/order/*", destination: receiver.url("/b"))
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "handed-1")
        try await receiver.waitFor("both deliveries", timeout: .seconds(30)) { $0.count == 2 }
        #expect(receiver.deliveries("/a").first?.header("webhook-id") != nil)
        let recorded = try await Eventually.wait("both deliveries recorded as sent once", timeout: .seconds(30)) {
            let deliveries = try await hookline.deliveries(client.storeHash, event: "handed-1")
            return deliveries.count == 2 && deliveries.allSatisfy({ $0["state"] as? String == "succeeded" }) ? deliveries : nil
        }
        #expect(recorded.map { $0["attempts"] as? Int } == [1, 1])
    }

    /// A batch creates far more deliveries than the engine has room for: the lease takes some, the
    /// claim loop the rest, and each is sent once. Only the handoff tells the engine of the rest (on
    /// SQLite; PostgreSQL's NOTIFY also does): the idle poll is two minutes.
    @Test func aBatchBeyondTheEnginesRoomIsSentOnceEach() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed() {
            $0.maxInFlight = 8
            $0.perHostConcurrency = 4
            $0.idlePollMilliseconds = 120_000
        }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/a"))
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.localhostURL("/b"))
        let events = (0..<100).map { ["scope": "store/order/created", "data": ["type": "order", "id": $0], "id": "b\($0)"] as [String: Any] }
        let published = try await hookline.request(.POST, "/admin/v1/stores/\(client.storeHash)/events", json: ["events": events])
        #expect(published.status == 202)
        try await receiver.waitFor("all 200 deliveries", timeout: .seconds(60)) { $0.count >= 200 }
        for path in ["/a", "/b"] {
            let ids = receiver.deliveries(path).compactMap { $0.header("webhook-id") }
            #expect(ids.count == 100 && Set(ids).count == 100, "\(path): \(ids.count) deliveries, \(Set(ids).count) distinct")
        }
    }

    /// With one slot per host, a slow host's queue here is full after two publishes: later ones leave
    /// their deliveries pending and do not wake the claim loop (a claim would find nothing it may
    /// take). The engine must claim them once the host has room; on SQLite nothing else wakes the loop
    /// here, and its idle poll is two minutes, so nothing else brings them within the test's wait.
    @Test func deliveriesLeftForAFullHostAreClaimedOnceItHasRoom() async throws {
        let receiver = try await Receiver()
        receiver.behave("/slow", .hang(.milliseconds(500)))
        let hookline = try await DeliveryTestbed() {
            $0.perHostConcurrency = 1
            $0.idlePollMilliseconds = 120_000
        }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/slow"))
        for index in 0..<8 { try await hookline.publish(client.storeHash, scope: "store/order/created", id: "slow-\(index)") }
        try await receiver.waitFor("all 8 deliveries", timeout: .seconds(60)) { $0.count == 8 }
        let ids = receiver.deliveries("/slow").compactMap { $0.header("webhook-id") }
        #expect(Set(ids).count == 8, "each delivery sent once: \(ids)")
    }

    /// Without a handoff (a node whose API has no engine to hand to), the claim loop sends everything.
    @Test func withoutAHandoffTheClaimLoopSends() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed(handoff: false)
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/a"))
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "claimed-1")
        try await receiver.waitFor("the delivery", timeout: .seconds(30)) { $0.count == 1 }
    }
}
