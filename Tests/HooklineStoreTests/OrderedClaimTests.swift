import Foundation
import HooklineCore
import HooklineStore
import Testing

/// Webhooks' delivery settings and the claims they gate (FIFO, `max_in_flight`), run against every
/// implementation. Times are Unix milliseconds.
@Suite struct OrderedClaimTests {
    static let t0 = DeliveryStorageTests.t0

    /// Sets a webhook's settings through the store's change, as the admin path does.
    @discardableResult
    static func set(
        _ storage: any HooklineStorage, _ hook: Webhook, _ object: [String: JSONValue]
    ) async throws -> HookDeliverySettings? {
        let change = HookDeliverySettingsChange(object)
        #expect(change.errors.isEmpty)
        return try await storage.updateDeliverySettings(hookID: hook.id, storeHash: hook.owner.storeHash, change: change)
    }

    static func publish(_ storage: any HooklineStorage, _ ids: [String], owner: HookOwner, now: Int64 = t0) async throws {
        _ = try await storage.publish(ids.map { DeliveryStorageTests.event($0) }, storeHash: owner.storeHash, now: now)
    }

    @Test(arguments: StorageFactory.all)
    func settingsAreKeptPerWebhookAndMergedByChanges(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://a.example/1"])
            let hook = hooks[0]
            #expect(try await storage.deliverySettings(hookID: hook.id, storeHash: owner.storeHash) == .unconfigured)
            #expect(
                try await Self.set(storage, hook, ["ordering": .string("fifo"), "max_per_second": .number(5)])
                    == HookDeliverySettings(ordering: .fifo, maxPerSecond: 5))
            // A field left out keeps its value; null removes a limit.
            #expect(
                try await Self.set(storage, hook, ["max_in_flight": .number(3), "max_per_second": .null])
                    == HookDeliverySettings(ordering: .fifo, maxInFlight: 3))
            #expect(
                try await storage.deliverySettings(hookID: hook.id, storeHash: owner.storeHash)
                    == HookDeliverySettings(ordering: .fifo, maxInFlight: 3))
            // Another store's webhook, or none: nil.
            _ = try await storage.createStore(hash: "other", now: 1)
            #expect(try await storage.deliverySettings(hookID: hook.id, storeHash: "other") == nil)
            #expect(try await storage.deliverySettings(hookID: 999, storeHash: owner.storeHash) == nil)
            #expect(
                try await storage.updateDeliverySettings(
                    hookID: hook.id, storeHash: "other", change: HookDeliverySettingsChange(["ordering": .string("any")])) == nil)
            // The client's view of the webhook is unchanged.
            #expect(try await storage.hook(id: hook.id, owner: owner) == hook)
        }
    }

    @Test(arguments: StorageFactory.all)
    func fifoClaimsTakeOneDeliveryAtATimeInPublishOrder(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await DeliveryStorageTests.setUp(
                storage, destinations: ["https://fifo.example/1", "https://free.example/1"])
            try await Self.set(storage, hooks[0], ["ordering": .string("fifo"), "max_per_second": .number(7)])
            // A publish under a lease leaves the FIFO webhook's deliveries for its claim.
            let published = try await storage.publish(
                ["e1", "e2", "e3"].map { DeliveryStorageTests.event($0) }, storeHash: owner.storeHash, now: Self.t0,
                lease: PublishLease(node: "n1", leaseUntil: Self.t0 + 30_000, limit: 100, perHostLimit: 100))
            #expect(published.leased.map(\.hookID) == [hooks[1].id, hooks[1].id, hooks[1].id])
            #expect(published.leased.allSatisfy { $0.settings == .unconfigured })

            var claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0)
            #expect(claimed.map(\.eventID) == ["e1"])
            #expect(claimed.first?.settings == HookDeliverySettings(ordering: .fifo, maxPerSecond: 7))
            // In flight: nothing more of it, whatever the node.
            #expect(try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0 + 1).isEmpty)

            // A failure waiting for its retry holds the later ones, and the next wake-up is that retry.
            _ = try await DeliveryStorageTests.complete(
                storage, claimed, DeliveryStorageTests.failure(at: Self.t0 + 10), .retry(atMilliseconds: Self.t0 + 5_000),
                now: Self.t0 + 10)
            #expect(try await DeliveryStorageTests.claim(storage, now: Self.t0 + 4_999).isEmpty)
            #expect(try await storage.nextDeliveryDue() == Self.t0 + 5_000)
            claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0 + 5_000)
            #expect(claimed.map(\.eventID) == ["e1"] && claimed.first?.attempt == 2)

            // Success lets the next one go.
            _ = try await DeliveryStorageTests.complete(
                storage, claimed, DeliveryStorageTests.success(at: Self.t0 + 5_010), .succeeded, now: Self.t0 + 5_010)
            claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0 + 5_020)
            #expect(claimed.map(\.eventID) == ["e2"])

            // Given up, it deactivates the webhook (as BigCommerce does): the rest are claimed as any
            // inactive webhook's are, to be cancelled.
            _ = try await DeliveryStorageTests.complete(
                storage, claimed, DeliveryStorageTests.failure(at: Self.t0 + 5_030), .exhausted, now: Self.t0 + 5_030)
            claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0 + 5_040)
            #expect(claimed.map(\.eventID) == ["e3"] && claimed.first?.hookActive == false)
        }
    }

    @Test(arguments: StorageFactory.all)
    func aLeaseThatRanOutResendsTheDeliveryInFlightNeverALaterOne(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await DeliveryStorageTests.setUp(storage, destinations: ["https://fifo.example/1"])
            try await Self.set(storage, hooks[0], ["ordering": .string("fifo")])
            try await Self.publish(storage, ["e1", "e2"], owner: owner)
            let first = try await DeliveryStorageTests.claim(storage, node: "crashed", now: Self.t0, lease: 30_000)
            #expect(first.map(\.eventID) == ["e1"])
            // The queue's counts take in the gated deliveries too.
            let snapshot = try await storage.queueSnapshot(now: Self.t0 + 1)
            #expect(snapshot.pending == 2 && snapshot.due == 1 && snapshot.leased == 1)
            let overview = try await storage.dashboardOverview(from: Self.t0, to: Self.t0 + 1, now: Self.t0 + 1)
            #expect(overview.queued == 1 && overview.inFlight == 1)
            #expect(try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0 + 29_999).isEmpty)
            let again = try await DeliveryStorageTests.claim(storage, node: "n2", now: Self.t0 + 30_000)
            #expect(again.map(\.eventID) == ["e1"])
        }
    }

    @Test(arguments: StorageFactory.all)
    func concurrentNodesNeverHaveTwoDeliveriesOfAFIFOWebhookInFlight(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(4, at: location) { nodes in
                let (owner, hooks) = try await DeliveryStorageTests.setUp(nodes[0], destinations: ["https://fifo.example/1"])
                try await Self.set(nodes[0], hooks[0], ["ordering": .string("fifo")])
                try await Self.publish(nodes[0], (1...5).map { "e\($0)" }, owner: owner)
                let claimed = try await withThrowingTaskGroup(of: [ClaimedDelivery].self) { group in
                    for index in 0..<12 {
                        let node = nodes[index % nodes.count]
                        group.addTask { try await DeliveryStorageTests.claim(node, node: "n\(index)", now: Self.t0) }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(claimed.map(\.eventID) == ["e1"])
            }
        }
    }

    @Test(arguments: StorageFactory.all)
    func claimsRacingConcurrentPublishesStillFollowTheEventSequence(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(4, at: location) { nodes in
                let (owner, hooks) = try await DeliveryStorageTests.setUp(nodes[0], destinations: ["https://fifo.example/1"])
                try await Self.set(nodes[0], hooks[0], ["ordering": .string("fifo")])
                let publishers = 3
                let perPublisher = 20
                let claimer = nodes[3]
                let claimed = try await withThrowingTaskGroup(of: [ClaimedDelivery].self) { group in
                    for publisher in 0..<publishers {
                        group.addTask {
                            for index in 0..<perPublisher {
                                try await Self.publish(nodes[publisher], ["p\(publisher)-\(index)"], owner: owner)
                            }
                            return []
                        }
                    }
                    // Claims and completes as fast as it can while the publishes go on: a claim that
                    // saw an event commit before an earlier one of the sequence would take it first.
                    group.addTask {
                        var taken: [ClaimedDelivery] = []
                        let deadline = ContinuousClock.now + .seconds(60)
                        while taken.count < publishers * perPublisher && ContinuousClock.now < deadline {
                            let batch = try await DeliveryStorageTests.claim(claimer, now: Self.t0)
                            taken += batch
                            _ = try await DeliveryStorageTests.complete(
                                claimer, batch, DeliveryStorageTests.success(at: Self.t0), .succeeded, now: Self.t0)
                        }
                        return taken
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(claimed.count == publishers * perPublisher)
                let sequence = claimed.map(\.eventSeq)
                #expect(sequence == sequence.sorted() && Set(sequence).count == sequence.count, "\(sequence)")
            }
        }
    }

    @Test(arguments: StorageFactory.all)
    func maxInFlightBoundsTheWebhooksLeasesAcrossClaims(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(2, at: location) { nodes in
                let (owner, hooks) = try await DeliveryStorageTests.setUp(
                    nodes[0], destinations: ["https://limited.example/1", "https://free.example/1"])
                try await Self.set(nodes[0], hooks[0], ["max_in_flight": .number(2)])
                try await Self.publish(nodes[0], (1...5).map { "e\($0)" }, owner: owner)
                let first = try await DeliveryStorageTests.claim(nodes[0], node: "n1", now: Self.t0)
                #expect(first.filter { $0.hookID == hooks[0].id }.map(\.eventID) == ["e1", "e2"])
                #expect(first.filter { $0.hookID == hooks[1].id }.count == 5)
                #expect(try await DeliveryStorageTests.claim(nodes[1], node: "n2", now: Self.t0 + 1).isEmpty)
                _ = try await DeliveryStorageTests.complete(
                    nodes[0], first.filter { $0.eventID == "e1" && $0.hookID == hooks[0].id }, node: "n1",
                    DeliveryStorageTests.success(at: Self.t0 + 2), .succeeded, now: Self.t0 + 2)
                let second = try await DeliveryStorageTests.claim(nodes[1], node: "n2", now: Self.t0 + 3)
                #expect(second.map(\.eventID) == ["e3"])
            }
        }
    }

    /// A rate-limited webhook's backlog is leased two seconds of its rate at a time, across nodes, so
    /// it never fills its host's queue on a node; the host's other webhooks are claimed meanwhile.
    @Test(arguments: StorageFactory.all)
    func aRateLimitedBacklogIsLeasedTwoSecondsOfItsRateAtATime(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(2, at: location) { nodes in
                let (owner, hooks) = try await DeliveryStorageTests.setUp(
                    nodes[0], destinations: ["https://shared.example/paced", "https://shared.example/other"])
                try await Self.set(nodes[0], hooks[0], ["max_per_second": .number(2)])
                try await Self.publish(nodes[0], (1...30).map { "e\($0)" }, owner: owner)
                let first = try await DeliveryStorageTests.claim(nodes[0], node: "n1", now: Self.t0)
                #expect(first.filter { $0.hookID == hooks[0].id }.map(\.eventID) == ["e1", "e2", "e3", "e4"])
                #expect(first.filter { $0.hookID == hooks[0].id }.allSatisfy { $0.settings.maxPerSecond == 2 })
                #expect(first.filter { $0.hookID == hooks[1].id }.count == 30, "the same host's other webhook is claimed whole")
                #expect(try await DeliveryStorageTests.claim(nodes[1], node: "n2", now: Self.t0 + 1).isEmpty)
                _ = try await DeliveryStorageTests.complete(
                    nodes[0], first.filter { $0.eventID == "e1" && $0.hookID == hooks[0].id }, node: "n1",
                    DeliveryStorageTests.success(at: Self.t0 + 2), .succeeded, now: Self.t0 + 2)
                let second = try await DeliveryStorageTests.claim(nodes[1], node: "n2", now: Self.t0 + 3)
                #expect(second.map(\.eventID) == ["e5"])
                // Without the limit the rest is claimed at once, as any webhook's.
                try await Self.set(nodes[0], hooks[0], ["max_per_second": .null])
                let rest = try await DeliveryStorageTests.claim(nodes[1], node: "n2", now: Self.t0 + 4)
                #expect(rest.count == 25)
            }
        }
    }

    @Test(arguments: StorageFactory.all)
    func replaysOfAFIFOWebhookQueueBehindItAndADeletedOnesBacklogDrains(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await DeliveryStorageTests.setUp(
                storage, destinations: ["https://a.example/1", "https://b.example/1", "https://c.example/1"])
            try await Self.set(storage, hooks[0], ["ordering": .string("fifo")])
            try await Self.set(storage, hooks[1], ["ordering": .string("fifo")])
            try await Self.set(storage, hooks[2], ["max_per_second": .number(3)])
            // A rate limit gates claims too: a publish's lease takes none of these, a claim brings the
            // rate-limited one with its settings.
            let published = try await storage.publish(
                [DeliveryStorageTests.event("e1")], storeHash: owner.storeHash, now: Self.t0,
                lease: PublishLease(node: "n1", leaseUntil: Self.t0 + 30_000, limit: 100, perHostLimit: 100))
            #expect(published.leased.isEmpty)
            // A replay of the FIFO webhook's events makes more deliveries of it, claimed one at a time.
            #expect(try await storage.replay(hookID: hooks[0].id, storeHash: owner.storeHash, since: 0, until: 2_000_000_000, now: Self.t0) == 1)
            var claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0)
            #expect(claimed.filter { $0.hookID == hooks[2].id }.map(\.settings) == [HookDeliverySettings(maxPerSecond: 3)])
            #expect(claimed.filter { $0.hookID == hooks[0].id }.count == 1)
            #expect(claimed.filter { $0.hookID == hooks[1].id }.count == 1)
            // A deleted FIFO webhook's pending deliveries are claimed all at once, to be cancelled.
            try await Self.publish(storage, ["e2", "e3"], owner: owner, now: Self.t0 + 1)
            #expect(try await storage.deleteHook(id: hooks[1].id, owner: owner) != nil)
            claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0 + 2)
            #expect(claimed.filter { $0.hookID == hooks[1].id }.map(\.eventID) == ["e2", "e3"])
            #expect(claimed.filter { $0.hookID == hooks[0].id }.isEmpty, "the FIFO webhook still has one in flight")
        }
    }

    @Test(arguments: StorageFactory.all)
    func backToAnyOrderOrAnInactiveWebhookReleasesTheBacklog(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await DeliveryStorageTests.setUp(
                storage, destinations: ["https://a.example/1", "https://b.example/1"])
            for hook in hooks { try await Self.set(storage, hook, ["ordering": .string("fifo")]) }
            try await Self.publish(storage, ["e1", "e2", "e3"], owner: owner)
            // Back to any order: every due delivery of the first webhook at once.
            try await Self.set(storage, hooks[0], ["ordering": .string("any")])
            _ = try await storage.updateHook(
                id: hooks[1].id, owner: owner, changes: WebhookChanges(isActive: false), limits: .bigCommerce, now: 2)
            let claimed = try await DeliveryStorageTests.claim(storage, now: Self.t0)
            #expect(claimed.filter { $0.hookID == hooks[0].id }.count == 3)
            // The inactive one's deliveries are all claimed, to be cancelled.
            #expect(claimed.filter { $0.hookID == hooks[1].id }.count == 3)
            #expect(claimed.filter { $0.hookID == hooks[1].id }.allSatisfy { !$0.hookActive })
        }
    }
}
