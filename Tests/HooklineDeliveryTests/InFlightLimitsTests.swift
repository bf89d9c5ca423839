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
        let limits = InFlightLimits(maxTotal: 10, adaptive: .fixed(maximum: 4))
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
        let limits = InFlightLimits(maxTotal: 2, adaptive: .fixed(maximum: 2))
        for id in 1...40 { limits.park(delivery(Int64(id), host: "a"), host: "a", leaseUntil: 0) }
        _ = limits.takeStartable()
        for _ in 0..<35 { _ = limits.handOff(host: "a") }
        #expect(limits.drainWaiting().map(\.deliveryID) == [38, 39, 40])
        #expect(limits.waitingCount == 0)
        #expect(limits.handOff(host: "a") == nil)
    }

    @Test func aHostWhoseLimitFellHandsOnFewerSlots() {
        let limits = InFlightLimits(
            maxTotal: 100, adaptive: AdaptiveConcurrencyPolicy(maximum: 8, windowMilliseconds: 100, slowFloorMilliseconds: 50))
        for id in 1...40 { limits.park(delivery(Int64(id), host: "a"), host: "a", leaseUntil: 0) }
        #expect(limits.takeStartable().count == 8)
        let overloaded = AttemptResult(statusCode: 503, errorClass: .httpStatus, startedAtMilliseconds: 0, durationMilliseconds: 5)
        let change = limits.record(overloaded, host: "a", now: 1000)
        #expect(change?.from == 8 && change?.to == 4)
        #expect(limits.limit(for: "a") == 4)
        #expect(limits.limit(for: "b") == 8, "other hosts keep the maximum")
        // Of the eight in flight, the first four to finish give their slots back; then each hands on.
        let handed = (0..<8).map { _ in limits.handOff(host: "a") != nil }
        #expect(handed == [false, false, false, false, true, true, true, true])
        #expect(limits.inFlight == 4)
        #expect(!limits.acquire(host: "a"))
        #expect(limits.acquire(host: "b"))
        // A window of good answers later, one more slot.
        let good = AttemptResult(statusCode: 200, startedAtMilliseconds: 0, durationMilliseconds: 5)
        limits.record(good, host: "a", now: 1050)
        #expect(limits.record(good, host: "a", now: 1150)?.to == 5)
        #expect(limits.takeStartable().count == 1)
    }

    @Test func deliveriesWaitingForTheirRateMakeTheirHostBusy() {
        let limits = InFlightLimits(maxTotal: 10, adaptive: .fixed(maximum: 4))
        for _ in 0..<3 { limits.startPacing(host: "a") }
        limits.park(delivery(1, host: "a"), host: "a", leaseUntil: 0)
        #expect(limits.waitingCount == 4)
        #expect(limits.busyHosts(queueLimit: 4) == ["a"])
        limits.endPacing(host: "a")
        #expect(limits.busyHosts(queueLimit: 4).isEmpty)
        #expect(limits.waitingCount == 3)
    }
}
