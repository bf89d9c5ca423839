import HooklineCore
import HooklineStore
import Testing

/// Retention deletes finished deliveries, their attempts, events-history rows, the events nothing
/// needs any more and old dedupe keys, in bounded batches, and never a pending delivery or its event; on both stores.
@Suite struct RetentionStoreTests {
    static let t0 = DeliveryStorageTests.t0

    /// Deletes every table's expired rows in `RetentionTable`'s order, `limit` at a time, as the
    /// retention service does; returns the rows deleted per table and checks no batch went over `limit`.
    static func sweep(_ storage: any HooklineStorage, cutoff: RetentionCutoff, limit: Int) async throws -> [RetentionTable: Int] {
        var deleted: [RetentionTable: Int] = [:]
        for table in RetentionTable.allCases {
            while true {
                let count = try await storage.deleteExpired(table, before: cutoff, limit: limit)
                #expect(count <= limit)
                deleted[table, default: 0] += count
                if count < limit { break }
            }
        }
        return deleted
    }

    @Test(arguments: StorageFactory.all)
    func deletesWhatIsFinishedAndOldAndNothingPending(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1"], eventsHistory: true)
            let ids = ["done", "exhausted", "retrying", "in-flight", "never-claimed"]
            var keyed = DeliveryStorageTests.event("keyed")
            keyed.dedupeKeys = ["inbound/source/webhook-id/w1"]
            _ = try await storage.publish(ids.map { DeliveryStorageTests.event($0) } + [keyed], storeHash: owner.storeHash, now: Self.t0)
            let claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0, limit: 4)
            #expect(claimed.map(\.eventID) == Array(ids.prefix(4)))
            _ = try await DeliveryStorageTests.complete(
                storage, [claimed[0]], DeliveryStorageTests.success(at: Self.t0), .succeeded, now: Self.t0 + 1)
            _ = try await DeliveryStorageTests.complete(
                storage, [claimed[1]], DeliveryStorageTests.failure(at: Self.t0), .exhausted, now: Self.t0 + 1)
            _ = try await DeliveryStorageTests.complete(
                storage, [claimed[2]], DeliveryStorageTests.failure(at: Self.t0), .retry(atMilliseconds: Self.t0 + 86_400_000),
                now: Self.t0 + 1)
            // Published after the cutoff: kept, although it has no delivery (the exhausted webhook was deactivated).
            let late = Self.t0 + 3_600_000
            _ = try await storage.publish([DeliveryStorageTests.event("late")], storeHash: owner.storeHash, now: late)
            let history = try await storage.eventsHistory(owner: owner, createdFrom: nil, createdTo: nil, page: .init())
            #expect(history.total == 1 && history.items[0].contains("exhausted") == false, "the payload, not the id")

            // Nothing is older than a cutoff before everything.
            #expect(try await Self.sweep(storage, cutoff: RetentionCutoff(milliseconds: Self.t0 - 1), limit: 1).values.reduce(0, +) == 0)

            let deleted = try await Self.sweep(storage, cutoff: RetentionCutoff(milliseconds: Self.t0 + 60_000), limit: 1)
            #expect(deleted == [.deliveries: 2, .attempts: 2, .eventsHistory: 1, .events: 2, .eventKeys: 1])
            // The key is gone with its age (its event, pending, is kept): the key may be used again.
            keyed.eventID = "keyed-again"
            #expect(try await storage.publish([keyed], storeHash: owner.storeHash, now: late).first?.duplicate == false)
            for gone in ["done", "exhausted"] {
                #expect(try await !storage.eventExists(storeHash: owner.storeHash, eventID: gone))
            }
            #expect(try await storage.eventExists(storeHash: owner.storeHash, eventID: "late"))
            for kept in ["retrying", "in-flight", "never-claimed"] {
                #expect(try await storage.eventExists(storeHash: owner.storeHash, eventID: kept), "\(kept) is kept")
                let deliveries = try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: kept)
                #expect(deliveries.count == 1 && deliveries[0].state == .pending, "\(kept)'s delivery is kept pending")
            }
            let attempts = try await storage.attempts(AttemptFilter(storeHash: owner.storeHash), page: .init())
            #expect(attempts.items.map(\.eventID) == ["retrying"], "a pending delivery keeps its attempts")
            #expect(try await storage.eventsHistory(owner: owner, createdFrom: nil, createdTo: nil, page: .init()).total == 0)

            // The retrying delivery is still claimable when it falls due, with its event.
            let due = try await DeliveryStorageTests.claim(storage, now: Self.t0 + 86_400_000, limit: 10)
            #expect(Set(due.map(\.eventID)).isSuperset(of: ["retrying", "never-claimed"]))
            #expect(due.allSatisfy { !$0.payload.isEmpty })
        }
    }
}
