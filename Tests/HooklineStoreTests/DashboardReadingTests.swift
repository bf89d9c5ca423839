import Foundation
import HooklineCore
import HooklineStore
import Testing

/// The dashboard's reads, run against every implementation. Times are Unix milliseconds.
@Suite struct DashboardReadingTests {
    typealias Fixture = DeliveryStorageTests

    @Test(arguments: StorageFactory.all)
    func overviewCountsAttemptsPerMinuteAndTheQueue(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let t0 = Fixture.t0 - Fixture.t0 % 60_000
            let (owner, _) = try await Fixture.setUp(storage, destinations: ["https://a.example/hook", "https://b.example/hook"])
            _ = try await storage.publish([Fixture.event("e1"), Fixture.event("e2")], storeHash: owner.storeHash, now: t0)
            let empty = try await storage.dashboardOverview(from: t0 - 3_600_000, to: t0 + 1, now: t0)
            #expect(empty == DashboardOverview(minutes: [], queued: 4, inFlight: 0, blockedDomains: 0))

            let claimed = try await Fixture.claim(storage, now: t0, limit: 3)
            #expect(claimed.count == 3)
            // Minute 0: one success, one failure; minute 2: one failure.
            _ = try await Fixture.complete(storage, [claimed[0]], Fixture.success(at: t0 + 5), .succeeded, now: t0 + 10)
            _ = try await Fixture.complete(
                storage, [claimed[1]], Fixture.failure(at: t0 + 20), .retry(atMilliseconds: t0 + 600_000), now: t0 + 30)
            // One delivery is leased (in flight), one waits for its retry and one was never claimed.
            let during = try await storage.dashboardOverview(from: t0, to: t0 + 60_000, now: t0 + 40)
            #expect(during.inFlight == 1)
            #expect(during.queued == 2)
            let later = t0 + 120_000
            let third = try await Fixture.claim(storage, now: later, limit: 1)
            #expect(third.count == 1)
            _ = try await Fixture.complete(
                storage, third, Fixture.failure(at: later + 1), .retry(atMilliseconds: later + 600_000), now: later + 2)

            let overview = try await storage.dashboardOverview(from: t0, to: later + 60_000, now: later + 3)
            #expect(
                overview.minutes == [
                    .init(minute: t0 / 60_000, succeeded: 1, failed: 1), .init(minute: later / 60_000, succeeded: 0, failed: 1),
                ])
            // The window's bounds: the first minute left out.
            let recent = try await storage.dashboardOverview(from: t0 + 60_000, to: later + 60_000, now: later + 3)
            #expect(recent.minutes == [.init(minute: later / 60_000, succeeded: 0, failed: 1)])
            // Once its lease has run out, the leased delivery counts as queued again.
            let expired = try await storage.dashboardOverview(from: t0, to: later, now: t0 + 10_000_000)
            #expect(expired.inFlight == 0)
            #expect(expired.queued == 3)
        }
    }

    @Test(arguments: StorageFactory.all)
    func attemptsFilterByStartTime(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let t0 = Fixture.t0
            let (owner, hooks) = try await Fixture.setUp(storage, destinations: ["https://a.example/hook"])
            _ = try await storage.publish([Fixture.event("e1")], storeHash: owner.storeHash, now: t0)
            for round in 0..<3 {
                let now = t0 + Int64(round) * 1_000_000
                let claimed = try await Fixture.claim(storage, now: now)
                #expect(claimed.count == 1)
                _ = try await Fixture.complete(
                    storage, claimed, Fixture.failure(at: now), .retry(atMilliseconds: now + 1_000_000), now: now + 1)
            }
            func started(from: Int64?, before: Int64?) async throws -> [Int64] {
                try await storage.attempts(
                    AttemptFilter(storeHash: owner.storeHash, hookID: hooks[0].id, startedFrom: from, startedBefore: before),
                    page: PageRequest()
                ).items.map(\.result.startedAtMilliseconds)
            }
            #expect(try await started(from: nil, before: nil) == [t0 + 2_000_000, t0 + 1_000_000, t0])
            #expect(try await started(from: t0 + 1_000_000, before: nil) == [t0 + 2_000_000, t0 + 1_000_000])
            #expect(try await started(from: nil, before: t0 + 1_000_000) == [t0])
            #expect(try await started(from: t0 + 1, before: t0 + 2_000_000) == [t0 + 1_000_000])
        }
    }

    @Test(arguments: StorageFactory.all)
    func attemptsFilterByDeliveryAndAnEventsPayloadIsRead(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let t0 = Fixture.t0
            let (owner, _) = try await Fixture.setUp(storage, destinations: ["https://a.example/hook", "https://b.example/hook"])
            _ = try await storage.publish([Fixture.event("e1")], storeHash: owner.storeHash, now: t0)
            let claimed = try await Fixture.claim(storage, now: t0, limit: 2)
            try #require(claimed.count == 2)
            _ = try await Fixture.complete(storage, claimed, Fixture.failure(at: t0), .retry(atMilliseconds: t0 + 1_000), now: t0 + 1)

            let first = claimed[0].deliveryID
            let page = try await storage.attempts(
                AttemptFilter(storeHash: owner.storeHash, eventID: "e1", deliveryID: first), page: PageRequest())
            #expect(page.total == 1 && page.items.map(\.deliveryID) == [first], "only that delivery's attempt")
            #expect(try await storage.attempts(AttemptFilter(storeHash: owner.storeHash, eventID: "e1"), page: PageRequest()).total == 2)

            let payload = try #require(try await storage.eventPayload(storeHash: owner.storeHash, eventID: "e1"))
            #expect(payload.contains(#""scope":"\#(Fixture.scope)""#), "\(payload)")
            #expect(try await storage.eventPayload(storeHash: owner.storeHash, eventID: "nope") == nil)
            _ = try await storage.createStore(hash: "otherstore", now: t0)
            #expect(try await storage.eventPayload(storeHash: "otherstore", eventID: "e1") == nil, "another store's event")
        }
    }
}
