import Foundation
import HooklineCore
import Testing

@testable import HooklineDelivery

/// The engine's slot counting and per-host waiting queues, on their own.
@Suite struct InFlightLimitsTests {
    private func delivery(_ id: Int64, host: String) -> ClaimedDelivery {
        ClaimedDelivery(
            deliveryID: id, eventSeq: id, eventID: "evt_\(id)", hookID: 1, owner: HookOwner(storeHash: "s", clientID: "c"),
            attempt: 1, destination: "http://\(host)/", host: host, headers: nil, hookActive: true, isExceptionHook: false,
            clientSecret: "secret", payload: Data("{}".utf8), blockedUntil: nil)
    }

    @Test func waitingDeliveriesStartInTheOrderTheyWereParked() {
        let limits = InFlightLimits(maxTotal: 10, maxPerHost: 4)
        for id in 1...100 { limits.park(delivery(Int64(id), host: "a"), host: "a", leaseUntil: 0) }
        limits.park(delivery(1000, host: "b"), host: "b", leaseUntil: 0)
        #expect(limits.busyHosts(queueLimit: 100) == ["a"])

        let first = limits.takeStartable()
        #expect(first.filter { $0.1 == "a" }.map(\.0.delivery.deliveryID) == [1, 2, 3, 4])
        #expect(first.filter { $0.1 == "b" }.map(\.0.delivery.deliveryID) == [1000])
        #expect(limits.inFlight == 5)
        #expect(limits.waitingCount == 96)

        // Each finished delivery passes its slot to the next in line, also past the point where the
        // queue closes the gap at its head; deliveries parked meanwhile queue up behind.
        var started: [Int64] = []
        var nextID: Int64 = 101
        while let next = limits.handOff(host: "a") {
            started.append(next.delivery.deliveryID)
            if nextID <= 150 {
                limits.park(delivery(nextID, host: "a"), host: "a", leaseUntil: 0)
                nextID += 1
            }
        }
        #expect(started == Array(5...150))
        #expect(limits.waitingCount == 0)
        #expect(limits.busyHosts(queueLimit: 1).isEmpty)
        // The queue is empty, so that handOff gave its slot back; three of host a's remain, and b's one.
        #expect(limits.inFlight == 4)
    }

    @Test func drainingReturnsWhatStillWaits() {
        let limits = InFlightLimits(maxTotal: 2, maxPerHost: 2)
        for id in 1...40 { limits.park(delivery(Int64(id), host: "a"), host: "a", leaseUntil: 0) }
        _ = limits.takeStartable()
        for _ in 0..<35 { _ = limits.handOff(host: "a") }
        #expect(limits.drainWaiting().map(\.deliveryID) == [38, 39, 40])
        #expect(limits.waitingCount == 0)
        #expect(limits.handOff(host: "a") == nil)
    }
}
