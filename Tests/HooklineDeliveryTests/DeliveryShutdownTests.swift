import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// SIGTERM semantics: stop claiming, let in-flight deliveries finish within the grace period,
/// release the rest so the next start (or another node) takes them.
@Suite struct DeliveryShutdownTests {
    @Test func inFlightDeliveriesFinishWithinTheGracePeriod() async throws {
        let receiver = try await Receiver()
        receiver.behave("/slow", .hang(.milliseconds(800)))
        let hookline = try await DeliveryTestbed { $0.shutdownGraceSeconds = 10 }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/slow"))
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "slow-1")
        try await receiver.waitFor("request in flight") { $0.count == 1 }
        try await hookline.shutDown()
        #expect(receiver.finishedHangs == 1)
        let delivery = try #require(try await hookline.storage.deliveries(storeHash: client.storeHash, id: nil, eventID: "slow-1").first)
        #expect(delivery.state == .succeeded, "the answer that arrived during the grace period was recorded: \(delivery)")
    }

    @Test func deliveriesStillInFlightAfterTheGracePeriodAreReleased() async throws {
        let receiver = try await Receiver()
        receiver.behave("/stuck", .hang(.seconds(20)))
        let hookline = try await DeliveryTestbed {
            $0.shutdownGraceSeconds = 1
            $0.requestTimeoutSeconds = 15
        }
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/stuck"))
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "stuck-1")
        try await receiver.waitFor("request in flight") { $0.count == 1 }
        try await hookline.shutDown()
        let delivery = try #require(try await hookline.storage.deliveries(storeHash: client.storeHash, id: nil, eventID: "stuck-1").first)
        #expect(delivery.state == .pending)
        #expect(delivery.attempts == 0, "an interrupted attempt is not counted")
        #expect(delivery.nextAttemptAt <= Int64(Date().timeIntervalSince1970 * 1000), "released: due again at once, not after the lease")
    }
}
