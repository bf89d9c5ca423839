import HooklineCore
import HooklineStore
import Testing

/// The contract of `InboundSourceStore`, and of publishing events with dedupe keys, on every store.
@Suite struct InboundSourceStoreTests {
    @Test(arguments: StorageFactory.all)
    func sourcesAreCreatedListedAndDeleted(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            _ = try await storage.createStore(hash: "target", now: 1)
            let source = InboundSource(name: "bc-main", storeHash: "target", secret: "app-secret", createdAt: 10)
            try await storage.createInboundSource(source)
            try await storage.createInboundSource(InboundSource(name: "a-first", storeHash: "target", secret: "s", createdAt: 11))
            await #expect(throws: StorageError.inboundSourceExists(name: "bc-main")) {
                try await storage.createInboundSource(InboundSource(name: "bc-main", storeHash: "target", secret: "x", createdAt: 12))
            }
            await #expect(throws: StorageError.storeNotFound(storeHash: "nope")) {
                try await storage.createInboundSource(InboundSource(name: "other", storeHash: "nope", secret: "x", createdAt: 12))
            }
            #expect(try await storage.inboundSources().map(\.name) == ["a-first", "bc-main"])
            #expect(try await storage.inboundSource(name: "bc-main") == source)
            #expect(try await storage.deleteInboundSource(name: "bc-main"))
            #expect(try await !storage.deleteInboundSource(name: "bc-main"))
            #expect(try await storage.inboundSource(name: "bc-main") == nil)
        }
    }

    @Test(arguments: StorageFactory.all)
    func anEventWithAKeyAlreadyHeldIsADuplicateOfTheFirst(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let owner = try await HooklineStorageTests.tenant(storage)
            _ = try await storage.createHook(
                WebhookDraft(scope: "store/order/*", destination: "https://e.com/a"), owner: owner, limits: .bigCommerce, now: 5)
            func event(_ id: String, keys: [String]) -> EventDraft {
                EventDraft(eventID: id, scope: "store/order/created", data: .object(["id": .number(1)]), createdAt: 1, dedupeKeys: keys)
            }
            let first = try await storage.publish([event("e1", keys: ["id/w1", "hash/h1"])], storeHash: "store1", now: 1000)
            #expect(first == [PublishedEvent(eventID: "e1", deliveries: 1, duplicate: false)])
            // The same webhook id with another hash, and another webhook id with the same hash.
            let sameID = try await storage.publish([event("e2", keys: ["id/w1", "hash/h2"])], storeHash: "store1", now: 2000)
            #expect(sameID == [PublishedEvent(eventID: "e1", deliveries: 1, duplicate: true)])
            let sameHash = try await storage.publish([event("e3", keys: ["id/w3", "hash/h1"])], storeHash: "store1", now: 3000)
            #expect(sameHash == [PublishedEvent(eventID: "e1", deliveries: 1, duplicate: true)])
            // A duplicate's other keys are learnt: h2 and w3 now name e1 too.
            let learnt = try await storage.publish([event("e4", keys: ["id/w4", "hash/h2"])], storeHash: "store1", now: 4000)
            #expect(learnt.first?.duplicate == true && learnt.first?.eventID == "e1")
            // Within one batch, and in another store, keys are told apart as they should be.
            let batch = try await storage.publish(
                [event("e5", keys: ["id/w5"]), event("e6", keys: ["id/w5"]), event("e7", keys: [])], storeHash: "store1", now: 5000)
            #expect(batch.map(\.duplicate) == [false, true, false])
            #expect(batch.map(\.eventID) == ["e5", "e5", "e7"])
            _ = try await storage.createStore(hash: "store2", now: 1)
            let elsewhere = try await storage.publish([event("e1", keys: ["id/w1"])], storeHash: "store2", now: 6000)
            #expect(elsewhere.first?.duplicate == false)
            // Only the first event's deliveries exist.
            let claimed = try await storage.claimDeliveries(
                node: "n", now: 10_000, leaseUntil: 20_000, limit: 100, perHostLimit: 100, excludingHosts: [])
            #expect(claimed.map(\.eventID).sorted() == ["e1", "e5", "e7"])
        }
    }

    @Test(arguments: StorageFactory.all)
    func concurrentPublishesOfOneKeyWriteOneEvent(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            _ = try await HooklineStorageTests.tenant(storage)
            let results = try await withThrowingTaskGroup(of: PublishedEvent.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await storage.publish(
                            [EventDraft(eventID: "c\(index)", scope: "store/order/created", data: .object([:]), createdAt: 1, dedupeKeys: ["id/same"])],
                            storeHash: "store1", now: 1000)[0]
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count { !$0.duplicate } == 1)
            #expect(Set(results.map(\.eventID)).count == 1)
        }
    }
}
