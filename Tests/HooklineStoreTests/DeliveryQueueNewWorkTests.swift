import Foundation
import HooklineCore
import HooklineStore
import Testing

/// `DeliveryQueue.newWork()` and `DeliveryLog.eventExists`, on every store: the stream yields when it
/// starts, and after writes that made deliveries due without handing them to an engine.
@Suite struct DeliveryQueueNewWorkTests {
    @Test(arguments: StorageFactory.all)
    func newWorkYieldsAtOnceThenAfterPublishesRetriesAndReplays(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/x"])
            let heard = Heard()
            let listening = Task {
                for await _ in storage.newWork() { heard.add() }
            }
            defer { listening.cancel() }
            func waitFor(_ count: Int, _ what: Comment) async {
                #expect(await heard.waitFor(count), what)
            }
            await waitFor(1, "the yield when listening starts")

            var expected = heard.count + 1
            let published = try await storage.publish(
                [DeliveryStorageTests.event("nw-1")], storeHash: owner.storeHash, now: DeliveryStorageTests.t0, lease: nil)
            #expect(published.pendingHosts == ["a.example"])
            await waitFor(expected, "a yield after a publish that leased nothing")

            let claimed = try await DeliveryStorageTests.claim(storage, now: DeliveryStorageTests.t0 + 1)
            let delivery = try #require(claimed.first)
            _ = try await DeliveryStorageTests.complete(
                storage, [delivery], DeliveryStorageTests.failure(at: DeliveryStorageTests.t0 + 2), .exhausted,
                now: DeliveryStorageTests.t0 + 2)
            expected = heard.count + 1
            #expect(
                try await storage.retryDelivery(id: delivery.deliveryID, storeHash: owner.storeHash, now: DeliveryStorageTests.t0 + 3)
                    == .scheduled)
            await waitFor(expected, "a yield after a retry")

            expected = heard.count + 1
            let replayed = try await storage.replay(
                hookID: hooks[0].id, storeHash: owner.storeHash, since: 0, until: 2_000_000_000, now: DeliveryStorageTests.t0 + 4)
            #expect(replayed == 1)
            await waitFor(expected, "a yield after a replay")
        }
    }

    @Test(arguments: StorageFactory.all)
    func eventExistsOnlyForTheStoreThatHasIt(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: [])
            _ = try await storage.publish([DeliveryStorageTests.event("known")], storeHash: owner.storeHash, now: DeliveryStorageTests.t0)
            #expect(try await storage.eventExists(storeHash: owner.storeHash, eventID: "known"))
            #expect(try await !storage.eventExists(storeHash: owner.storeHash, eventID: "unknown"))
            #expect(try await !storage.eventExists(storeHash: "otherstore", eventID: "known"))
        }
    }
}
