import Foundation
import HooklineCore
import HooklineStore
import Testing

/// `QueueStatusReading` (what `/metrics` samples and `hookline status` shows), on every store.
@Suite struct QueueStatusReadingTests {
    typealias Fixture = DeliveryStorageTests

    @Test(arguments: StorageFactory.all)
    func snapshotCountsPendingDueLeasedAndBlocked(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let t0 = Fixture.t0
            let empty = try await storage.queueSnapshot(now: t0)
            #expect(empty == QueueSnapshot(pending: 0, due: 0, leased: 0, blockedDomains: 0))

            let (owner, _) = try await Fixture.setUp(storage, destinations: ["https://a.example/1", "https://b.example/1"])
            _ = try await storage.publish([Fixture.event("e1"), Fixture.event("e2"), Fixture.event("e3")], storeHash: owner.storeHash, now: t0)
            #expect(try await storage.queueSnapshot(now: t0) == QueueSnapshot(pending: 6, due: 6, leased: 0, blockedDomains: 0))

            let claimed = try await Fixture.claim(storage, now: t0, limit: 2, perHost: 1)
            #expect(claimed.count == 2 && Set(claimed.map(\.host)).count == 2)
            #expect(try await storage.queueSnapshot(now: t0) == QueueSnapshot(pending: 6, due: 4, leased: 2, blockedDomains: 0))

            // Both fail; one failed attempt is enough to block a host under these rules.
            let rules = CompletionRules(
                blocklist: BlocklistPolicy(windowSeconds: 120, minimumAttempts: 1, minimumSuccessRatio: 0.9, blockSeconds: 180))
            _ = try await Fixture.complete(
                storage, claimed, Fixture.failure(at: t0), .retry(atMilliseconds: t0 + 60_000), rules: rules, now: t0)
            #expect(try await storage.queueSnapshot(now: t0 + 1) == QueueSnapshot(pending: 6, due: 4, leased: 0, blockedDomains: 2))
            #expect(
                try await storage.queueSnapshot(now: t0 + 200_000) == QueueSnapshot(pending: 6, due: 6, leased: 0, blockedDomains: 0),
                "the retries fall due and the blocks end")

            #expect(try await storage.attemptTally(since: t0) == AttemptTally(attempts: 2, failures: 2))
            #expect(try await storage.attemptTally(since: t0 + 1) == AttemptTally(attempts: 0, failures: 0))
        }
    }

    @Test(arguments: StorageFactory.all)
    func tallyCountsSuccessesApartFromFailures(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let t0 = Fixture.t0
            let (owner, _) = try await Fixture.setUp(storage, destinations: ["https://a.example/1"])
            _ = try await storage.publish([Fixture.event("e1"), Fixture.event("e2")], storeHash: owner.storeHash, now: t0)
            let claimed = try await Fixture.claim(storage, now: t0)
            _ = try await Fixture.complete(storage, [claimed[0]], Fixture.success(at: t0), .succeeded, now: t0)
            _ = try await Fixture.complete(
                storage, [claimed[1]], Fixture.failure(at: t0), .retry(atMilliseconds: t0 + 60_000), now: t0)
            #expect(try await storage.attemptTally(since: t0 - 1000) == AttemptTally(attempts: 2, failures: 1))
            #expect(try await storage.queueSnapshot(now: t0).pending == 1, "the succeeded delivery is done")
        }
    }
}
