import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// The claim loop must look again as soon as more could be claimed, not at the next idle poll.
@Suite struct DeliveryClaimLoopTests {
    /// With one slot per host, most claims find every host busy and come back short. A host that drains
    /// while such a claim runs must still end the wait that follows; otherwise the backlog sits idle
    /// until the poll: here two minutes, longer than the test waits (90 s, since with one connection
    /// per host the 300 deliveries took up to 30 s on a busy machine; 2 s alone).
    @Test func aBacklogOnBusyHostsDrainsWithoutWaitingForThePoll() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed {
            $0.maxInFlight = 8
            $0.perHostConcurrency = 1
            $0.leaseSeconds = 600
            $0.idlePollMilliseconds = 120_000
        }
        let client = try await hookline.makeClient()
        // Two destination hosts on the same receiver.
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/a"))
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.localhostURL("/b"))
        let events = (0..<150).map { ["scope": "store/order/created", "data": ["type": "order", "id": $0], "id": "e\($0)"] as [String: Any] }
        let published = try await hookline.request(.POST, "/admin/v1/stores/\(client.storeHash)/events", json: ["events": events])
        #expect(published.status == 202)
        try await receiver.waitFor("all 300 deliveries", timeout: .seconds(90)) { $0.count == 300 }
        #expect(receiver.deliveries("/a").count == 150 && receiver.deliveries("/b").count == 150)
    }
}
