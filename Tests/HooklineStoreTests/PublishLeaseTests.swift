import Foundation
import HooklineCore
import HooklineStore
import Testing

/// A publish with a lease creates the deliveries the lease takes already leased to its node, as a
/// claim would, and returns them claimed; the rest are created due, for any node to claim.
@Suite struct PublishLeaseTests {
    static let t0 = DeliveryStorageTests.t0

    /// A rotated account's deliveries carry its current and its previous secret with the previous
    /// one's expiry, from a publish's lease and from a claim alike; rotating again drops the oldest.
    @Test(arguments: StorageFactory.all)
    func deliveriesCarryTheSecretsOfARotation(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1", "https://b.example/1"])
            #expect(try await storage.rotateClientSecret(
                storeHash: owner.storeHash, clientID: owner.clientID, newSecret: "second", previousExpiresAt: 500))
            #expect(try await storage.rotateClientSecret(
                storeHash: owner.storeHash, clientID: owner.clientID, newSecret: "third", previousExpiresAt: 900))
            #expect(try await !storage.rotateClientSecret(
                storeHash: owner.storeHash, clientID: "nosuch", newSecret: "x", previousExpiresAt: 1))
            let lease = PublishLease(node: "n1", leaseUntil: Self.t0 + 30_000, limit: 1, perHostLimit: 1, excludingHosts: [])
            let published = try await storage.publish(
                [DeliveryStorageTests.event("e1")], storeHash: owner.storeHash, now: Self.t0, lease: lease)
            let claimed = try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0, lease: 60_000)
            #expect(published.leased.count == 1 && claimed.count == 1)
            for delivery in published.leased + claimed {
                #expect(delivery.signingSecrets == SigningSecrets(current: "third", previous: "second", previousExpiresAt: 900))
            }
            #expect(try await storage.accounts(storeHash: owner.storeHash).first?.clientSecret == "third")
        }
    }

    @Test(arguments: StorageFactory.all)
    func aPublishLeasesWhatItsLeaseTakes(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let destinations = ["https://a.example/1", "https://a.example/2", "https://b.example/1", "https://c.example/1"]
            let (owner, hooks) = try await DeliveryStorageTests.setUp(storage, destinations: destinations)
            let store = try #require(try await storage.store(hash: owner.storeHash))
            let lease = PublishLease(node: "n1", leaseUntil: Self.t0 + 30_000, limit: 5, perHostLimit: 3, excludingHosts: ["c.example"])
            let events = [DeliveryStorageTests.event("e1"), DeliveryStorageTests.event("e2")]
            let published = try await storage.publish(events, storeHash: owner.storeHash, now: Self.t0, lease: lease)
            #expect(published.events.map(\.deliveries) == [4, 4] && published.createdDeliveries == 8)

            // At most 5, at most 3 for a.example, none for c.example: 3 for a.example and 2 for b.example.
            let leased = published.leased
            #expect(leased.count == 5)
            #expect(leased.filter { $0.host == "a.example" }.count == 3 && leased.filter { $0.host == "b.example" }.count == 2)
            // Left pending: e2's second a.example delivery (past the host's 3) and both for c.example.
            #expect(published.pendingHosts == ["a.example", "c.example"])
            for delivery in leased {
                let hook = try #require(hooks.first { $0.id == delivery.hookID })
                #expect(delivery.destination == hook.destination && delivery.owner == owner && delivery.attempt == 1)
                #expect(delivery.hookActive && !delivery.isExceptionHook && delivery.blockedUntil == nil)
                #expect(delivery.clientSecret == "secret-client1" && delivery.headers == ["X-Test": "1"])
                let event = try #require(events.first { $0.eventID == delivery.eventID })
                let payload = try JSONDecoder().decode(CallbackPayload.self, from: delivery.payload)
                #expect(payload == CallbackPayload(event: event, storeHash: owner.storeHash, storeID: store.storeID))
            }

            // The leased ones are not claimable until the lease ends; the other 3 are due now.
            let claimed = try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0, lease: 60_000)
            #expect(claimed.count == 3)
            #expect(Set(claimed.map(\.deliveryID)).isDisjoint(with: leased.map(\.deliveryID)))
            let first = try #require(leased.first)
            let row = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: first.deliveryID, eventID: nil).first)
            #expect(row.state == .pending && row.nextAttemptAt == Self.t0 + 30_000 && row.attempts == 0)
            #expect(try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0 + 29_999).isEmpty)

            // The node holding the lease completes them like claimed ones.
            #expect(try await DeliveryStorageTests.complete(storage, leased, DeliveryStorageTests.success(at: Self.t0), .succeeded, now: Self.t0 + 10) == 0)
            let states = try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e1") +
                storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e2")
            #expect(states.filter { $0.state == .succeeded }.count == 5 && states.filter { $0.state == .pending }.count == 3)

            // A duplicate creates, and so leases, nothing.
            let again = try await storage.publish([events[0]], storeHash: owner.storeHash, now: Self.t0 + 20, lease: lease)
            #expect(again.events == [PublishedEvent(eventID: "e1", deliveries: 4, duplicate: true)] && again.leased.isEmpty)
            #expect(again.pendingHosts.isEmpty)
        }
    }

    /// What a publish returns for the deliveries it leased is what a claim of them reads: the
    /// webhook's headers, the account's secret, the payload, and a block in force on the host.
    @Test(arguments: StorageFactory.all)
    func leasedDeliveriesAreWhatAClaimReads(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1", "https://b.example/1"])
            // Three failures in a row block b.example for 180 s.
            let policy = BlocklistPolicy(windowSeconds: 120, minimumAttempts: 3, minimumSuccessRatio: 0.9, blockSeconds: 180)
            let rules = CompletionRules(blocklist: policy, retryingNoticeInterval: 600)
            _ = try await storage.publish((1...3).map { DeliveryStorageTests.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0)
            let failing = try await DeliveryStorageTests.claim(storage, now: Self.t0).filter { $0.host == "b.example" }
            #expect(failing.count == 3)
            _ = try await DeliveryStorageTests.complete(
                storage, failing, DeliveryStorageTests.failure(at: Self.t0), .retry(atMilliseconds: Self.t0 + 60_000), rules: rules,
                now: Self.t0 + 1)
            let blockedUntil = (Self.t0 + 1) / 1000 + 180
            #expect(try await storage.blockedDomains(owner: owner, now: Self.t0 + 1).map(\.blockedUntil) == [blockedUntil])

            let lease = PublishLease(node: "n1", leaseUntil: Self.t0 + 30_000, limit: 10, perHostLimit: 10)
            let published = try await storage.publish(
                [DeliveryStorageTests.event("e9")], storeHash: owner.storeHash, now: Self.t0 + 2, lease: lease)
            let leased = published.leased
            #expect(leased.map(\.host) == ["a.example", "b.example"])
            #expect(leased.map(\.blockedUntil) == [nil, blockedUntil])
            #expect(leased.allSatisfy { $0.headers == ["X-Test": "1"] && $0.clientSecret == "secret-client1" && $0.eventID == "e9" })

            // Given back and claimed again, they read the same.
            _ = try await storage.completeDeliveries(
                leased.map { DeliveryCompletion(delivery: $0, outcome: .released) }, node: "n1", rules: rules, now: Self.t0 + 3)
            let reclaimed = try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0 + 3)
            #expect(reclaimed == leased)
        }
    }

    /// A lease left unused (its node died) ends like a claim's: the deliveries fall due to any node.
    @Test(arguments: StorageFactory.all)
    func anUnusedLeaseEndsLikeAClaims(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1"])
            let lease = PublishLease(node: "gone", leaseUntil: Self.t0 + 30_000, limit: 10, perHostLimit: 10)
            let published = try await storage.publish(
                [DeliveryStorageTests.event("e1")], storeHash: owner.storeHash, now: Self.t0, lease: lease)
            #expect(published.leased.count == 1 && published.pendingHosts.isEmpty)
            #expect(try await storage.nextDeliveryDue() == Self.t0 + 30_000)
            let reclaimed = try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0 + 30_000)
            #expect(reclaimed.map(\.deliveryID) == published.leased.map(\.deliveryID) && reclaimed.first?.attempt == 1)
        }
    }

    /// Without a lease every new delivery is left pending, and the result names their hosts.
    @Test(arguments: StorageFactory.all)
    func withoutALeaseEveryNewDeliveryIsPending(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await DeliveryStorageTests.setUp(
                storage, destinations: ["https://a.example/1", "https://a.example/2", "https://b.example/1"])
            let published = try await storage.publish(
                [DeliveryStorageTests.event("e1"), DeliveryStorageTests.event("e2")], storeHash: owner.storeHash, now: Self.t0, lease: nil)
            #expect(published.createdDeliveries == 6 && published.leased.isEmpty)
            #expect(published.pendingHosts == ["a.example", "b.example"])
        }
    }
}
