import Foundation
import HooklineCore
import HooklineStore
import Testing

/// The delivery half of the `HooklineStorage` contract (publish, claim, complete, operator actions),
/// run against every implementation. Times here are Unix milliseconds unless named otherwise.
@Suite struct DeliveryStorageTests {
    static let t0: Int64 = 1_700_000_000_000
    static let scope = "store/order/created"

    /// A store `store1` (client `client1`) with one webhook of `scope` per destination, in order.
    static func setUp(
        _ storage: any HooklineStorage, destinations: [String], scope: String = scope, eventsHistory: Bool = false
    ) async throws -> (owner: HookOwner, hooks: [Webhook]) {
        let owner = try await HooklineStorageTests.tenant(storage)
        var hooks: [Webhook] = []
        for destination in destinations {
            hooks.append(
                try await storage.createHook(
                    WebhookDraft(scope: scope, destination: destination, headers: ["X-Test": "1"], eventsHistoryEnabled: eventsHistory),
                    owner: owner, limits: .bigCommerce, now: 1))
        }
        return (owner, hooks)
    }

    /// Adds the client's delivery exception hook.
    static func addExceptionHook(_ storage: any HooklineStorage, owner: HookOwner) async throws -> Webhook {
        try await storage.createHook(
            WebhookDraft(scope: DeliveryExceptionCode.scope, destination: "https://notices.example/x"), owner: owner,
            limits: .bigCommerce, now: 1)
    }

    static func event(_ id: String, scope: String = scope, createdAt: Int64 = 1_700_000_000) -> EventDraft {
        EventDraft(eventID: id, scope: scope, data: .object(["type": .string("order"), "id": .number(1)]), createdAt: createdAt)
    }

    static func claim(
        _ storage: any HooklineStorage, node: String = "n1", now: Int64, lease: Int64 = 30_000, limit: Int = 100,
        perHost: Int = 100, excluding: Set<String> = []
    ) async throws -> [ClaimedDelivery] {
        try await storage.claimDeliveries(
            node: node, now: now, leaseUntil: now + lease, limit: limit, perHostLimit: perHost, excludingHosts: excluding)
    }

    static func failure(_ status: Int = 500, at now: Int64) -> AttemptResult {
        AttemptResult(
            statusCode: status, errorClass: .httpStatus, startedAtMilliseconds: now, durationMilliseconds: 5, concurrencyLimit: 3)
    }

    static func success(at now: Int64) -> AttemptResult {
        AttemptResult(statusCode: 200, startedAtMilliseconds: now, durationMilliseconds: 5)
    }

    static func complete(
        _ storage: any HooklineStorage, _ deliveries: [ClaimedDelivery], node: String = "n1", _ result: AttemptResult,
        _ decision: DeliveryDecision, rules: CompletionRules = CompletionRules(), now: Int64
    ) async throws -> Int {
        try await storage.completeDeliveries(
            deliveries.map { DeliveryCompletion(delivery: $0, outcome: .attempted(result, decision)) }, node: node, rules: rules,
            now: now)
    }

    // MARK: Publish, claim, complete

    @Test(arguments: StorageFactory.all)
    func publishClaimCompleteCycle(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await Self.setUp(storage, destinations: ["https://a.example/hook"])
            let store = try #require(try await storage.store(hash: owner.storeHash))
            #expect(try await storage.nextDeliveryDue() == nil)
            let event = Self.event("e1")
            #expect(
                try await storage.publish([event], storeHash: owner.storeHash, now: Self.t0)
                    == [PublishedEvent(eventID: "e1", deliveries: 1, duplicate: false)])
            await #expect(throws: StorageError.storeNotFound(storeHash: "nope")) {
                try await storage.publish([event], storeHash: "nope", now: Self.t0)
            }
            #expect(try await storage.nextDeliveryDue() == Self.t0)
            #expect(try await Self.claim(storage, now: Self.t0 - 1).isEmpty)

            let claimed = try await Self.claim(storage, now: Self.t0)
            let delivery = try #require(claimed.first)
            #expect(claimed.count == 1)
            #expect(delivery.eventID == "e1" && delivery.hookID == hooks[0].id && delivery.owner == owner)
            #expect(delivery.attempt == 1 && delivery.destination == "https://a.example/hook" && delivery.headers == ["X-Test": "1"])
            #expect(delivery.hookActive && !delivery.isExceptionHook && delivery.blockedUntil == nil)
            #expect(delivery.clientSecret == "secret-client1")
            let payload = try JSONDecoder().decode(CallbackPayload.self, from: delivery.payload)
            #expect(payload == CallbackPayload(event: event, storeHash: owner.storeHash, storeID: store.storeID))
            let leased = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: delivery.deliveryID, eventID: nil).first)
            #expect(leased.state == .pending && leased.nextAttemptAt == Self.t0 + 30_000 && leased.attempts == 0)
            #expect(try await Self.claim(storage, now: Self.t0 + 1).isEmpty)

            // A failure schedules a retry.
            let retryAt = Self.t0 + 60_000
            #expect(try await Self.complete(storage, [delivery], Self.failure(at: Self.t0), .retry(atMilliseconds: retryAt), now: Self.t0 + 10) == 0)
            let retrying = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e1").first)
            #expect(retrying.state == .pending && retrying.attempts == 1 && retrying.nextAttemptAt == retryAt)
            #expect(retrying.lastStatus == 500 && retrying.lastError == "http_status")
            #expect(try await storage.nextDeliveryDue() == retryAt)
            #expect(try await Self.claim(storage, now: retryAt - 1).isEmpty)

            // The retry is claimed as attempt 2 and succeeds.
            let second = try #require(try await Self.claim(storage, now: retryAt).first)
            #expect(second.deliveryID == delivery.deliveryID && second.attempt == 2)
            #expect(try await Self.complete(storage, [second], Self.success(at: retryAt), .succeeded, now: retryAt + 10) == 0)
            let done = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: delivery.deliveryID, eventID: nil).first)
            #expect(done.state == .succeeded && done.attempts == 2 && done.lastStatus == 200 && done.lastError == nil)
            #expect(try await storage.nextDeliveryDue() == nil)
            #expect(try await Self.claim(storage, now: retryAt + 100_000).isEmpty)

            // The delivery log, newest first, with filters.
            let log = try await storage.attempts(AttemptFilter(storeHash: owner.storeHash), page: PageRequest())
            #expect(log.total == 2 && log.items.map(\.attemptNumber) == [2, 1] && log.items.map(\.succeeded) == [true, false])
            #expect(log.items.allSatisfy { $0.node == "n1" && $0.eventID == "e1" && $0.deliveryID == delivery.deliveryID })
            #expect(log.items[1].result == Self.failure(at: Self.t0))
            #expect(log.items[1].result.concurrencyLimit == 3 && log.items[0].result.concurrencyLimit == nil, "the host's limit, when recorded")
            let failures = try await storage.attempts(AttemptFilter(storeHash: owner.storeHash, succeeded: false), page: PageRequest())
            #expect(failures.total == 1 && failures.items.first?.result.statusCode == 500)
            #expect(try await storage.attempts(AttemptFilter(storeHash: owner.storeHash, eventID: "e1"), page: PageRequest()).total == 2)
            #expect(try await storage.attempts(AttemptFilter(storeHash: owner.storeHash, eventID: "zz"), page: PageRequest()).total == 0)
            #expect(try await storage.attempts(AttemptFilter(storeHash: owner.storeHash, hookID: hooks[0].id + 99), page: PageRequest()).total == 0)
            #expect(try await storage.attempts(AttemptFilter(storeHash: "other"), page: PageRequest()).total == 0)
            let page2 = try await storage.attempts(AttemptFilter(storeHash: owner.storeHash), page: PageRequest(page: 2, limit: 1))
            #expect(page2.total == 2 && page2.items.map(\.attemptNumber) == [1])
        }
    }

    @Test(arguments: StorageFactory.all)
    func publishMatchesScopesAndActiveHooksOnly(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await Self.setUp(storage, destinations: ["https://a.example/1"], scope: "store/order/*")
            _ = try await storage.createHook(
                WebhookDraft(scope: "store/cart/created", destination: "https://a.example/2"), owner: owner, limits: .bigCommerce, now: 1)
            _ = try await storage.createHook(
                WebhookDraft(scope: "store/order/created", destination: "https://a.example/3", isActive: false), owner: owner,
                limits: .bigCommerce, now: 1)
            _ = try await Self.addExceptionHook(storage, owner: owner)
            let published = try await storage.publish(
                [Self.event("o1"), Self.event("c1", scope: "store/cart/created"), Self.event("p1", scope: "store/product/created")],
                storeHash: owner.storeHash, now: Self.t0)
            #expect(published.map(\.deliveries) == [1, 1, 0])
            let claimed = try await Self.claim(storage, now: Self.t0)
            #expect(claimed.map(\.eventID) == ["o1", "c1"])
            #expect(claimed.first?.hookID == hooks[0].id)
        }
    }

    @Test(arguments: StorageFactory.all)
    func claimRespectsLimitPerHostLimitAndExcludedHosts(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await Self.setUp(
                storage, destinations: ["https://a.example/1", "https://b.example/1", "https://c.example/1"])
            _ = try await storage.publish((1...4).map { Self.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0)

            let first = try await Self.claim(storage, now: Self.t0, perHost: 2, excluding: ["c.example"])
            let hosts = first.map { DestinationPolicy.host(of: $0.destination ?? "") }
            #expect(first.count == 4)
            #expect(hosts.filter { $0 == "a.example" }.count == 2 && hosts.filter { $0 == "b.example" }.count == 2)

            let limited = try await Self.claim(storage, now: Self.t0, limit: 3)
            #expect(limited.count == 3)
            #expect(Set(limited.map(\.deliveryID)).isDisjoint(with: first.map(\.deliveryID)))
            #expect(try await Self.claim(storage, now: Self.t0, limit: 0).isEmpty)

            let rest = try await Self.claim(storage, now: Self.t0, excluding: ["a.example", "b.example", "c.example"])
            #expect(rest.isEmpty)
            let last = try await Self.claim(storage, now: Self.t0)
            #expect(last.count == 12 - 4 - 3)
            #expect(Set((first + limited + last).map(\.deliveryID)).count == 12)
        }
    }

    /// With hosts excluded, the others' due deliveries are still claimed oldest first, within the
    /// limits, and none that is not due yet.
    @Test(arguments: StorageFactory.all)
    func claimWithExcludedHostsTakesTheOthersOldestDueFirst(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await Self.setUp(
                storage, destinations: ["https://a.example/1", "https://b.example/1", "https://c.example/1"])
            _ = try await storage.publish((1...3).map { Self.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0)
            _ = try await storage.publish((4...6).map { Self.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0 + 10)
            func names(_ claimed: [ClaimedDelivery]) -> [String] { claimed.map { "\($0.eventID)@\($0.host)" } }

            // Due at t0 + 5: e1–e3 for each host. At most 2 per host, 3 in all, oldest (then first created) first.
            let first = try await Self.claim(storage, now: Self.t0 + 5, limit: 3, perHost: 2, excluding: ["c.example"])
            #expect(names(first) == ["e1@a.example", "e1@b.example", "e2@a.example"])
            let second = try await Self.claim(storage, now: Self.t0 + 5, limit: 3, perHost: 2, excluding: ["c.example"])
            #expect(names(second) == ["e2@b.example", "e3@a.example", "e3@b.example"])
            #expect(try await Self.claim(storage, now: Self.t0 + 5, excluding: ["c.example"]).isEmpty)

            let later = try await Self.claim(storage, now: Self.t0 + 10, perHost: 2, excluding: ["c.example", "none.example"])
            #expect(names(later) == ["e4@a.example", "e4@b.example", "e5@a.example", "e5@b.example"])
            let rest = try await Self.claim(storage, now: Self.t0 + 10)
            #expect(rest.count == 8 && rest.filter { $0.host == "c.example" }.count == 6)
        }
    }

    @Test(arguments: StorageFactory.all)
    func movingAWebhookMovesItsPendingDeliveriesToTheNewHost(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await Self.setUp(storage, destinations: ["https://a.example/1"])
            _ = try await storage.publish([Self.event("e1")], storeHash: owner.storeHash, now: Self.t0)
            _ = try await storage.updateHook(
                id: hooks[0].id, owner: owner, changes: WebhookChanges(destination: "https://b.example/2"), limits: .bigCommerce,
                now: 2)
            // Excluding the old host no longer hides it; the claim carries the new host.
            let claimed = try await Self.claim(storage, now: Self.t0, excluding: ["a.example"])
            #expect(claimed.map(\.host) == ["b.example"])
            #expect(claimed.first?.destination == "https://b.example/2")
            #expect(try await Self.claim(storage, now: Self.t0, excluding: ["b.example"]).isEmpty)
        }
    }

    @Test(arguments: StorageFactory.all)
    func aLeaseHidesTheDeliveryUntilItEnds(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await Self.setUp(storage, destinations: ["https://a.example/1"])
            _ = try await storage.publish([Self.event("e1")], storeHash: owner.storeHash, now: Self.t0)
            let leaseEnd = Self.t0 + 1_000
            let first = try #require(try await Self.claim(storage, node: "n1", now: Self.t0, lease: 1_000).first)
            #expect(try await Self.claim(storage, node: "n2", now: leaseEnd - 1).isEmpty)
            #expect(try await storage.nextDeliveryDue() == leaseEnd)

            // n1 crashed: the delivery falls due again when the lease ends, for another node.
            let second = try #require(try await Self.claim(storage, node: "n2", now: leaseEnd).first)
            #expect(second.deliveryID == first.deliveryID && second.attempt == 1)

            // n1's late completion is logged but does not change the delivery n2 holds.
            #expect(try await Self.complete(storage, [first], node: "n1", Self.success(at: Self.t0), .succeeded, now: leaseEnd + 1) == 0)
            let stillLeased = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: first.deliveryID, eventID: nil).first)
            #expect(stillLeased.state == .pending && stillLeased.attempts == 0)
            #expect(try await storage.retryDelivery(id: first.deliveryID, storeHash: owner.storeHash, now: leaseEnd + 2) == .inFlight)

            // n2 gives it back untouched (released): due at once.
            #expect(
                try await storage.completeDeliveries(
                    [DeliveryCompletion(delivery: second, outcome: .released)], node: "n2", rules: CompletionRules(), now: leaseEnd + 3
                ) == 0)
            let released = try #require(try await Self.claim(storage, node: "n2", now: leaseEnd + 3).first)
            #expect(released.deliveryID == first.deliveryID && released.attempt == 1)
            #expect(try await Self.complete(storage, [released], node: "n2", Self.success(at: leaseEnd), .succeeded, now: leaseEnd + 4) == 0)
            let done = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: first.deliveryID, eventID: nil).first)
            #expect(done.state == .succeeded && done.attempts == 1)
            let log = try await storage.attempts(AttemptFilter(storeHash: owner.storeHash), page: PageRequest())
            #expect(log.items.map(\.node) == ["n2", "n1"])
        }
    }

    @Test(arguments: StorageFactory.all)
    func cancelledDeliveriesAreDropped(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await Self.setUp(storage, destinations: ["https://a.example/1"])
            _ = try await storage.publish([Self.event("e1")], storeHash: owner.storeHash, now: Self.t0)
            let claimed = try await Self.claim(storage, now: Self.t0)
            #expect(
                try await storage.completeDeliveries(
                    claimed.map { DeliveryCompletion(delivery: $0, outcome: .cancelled) }, node: "n1", rules: CompletionRules(),
                    now: Self.t0 + 1) == 0)
            #expect(try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e1").map(\.state) == [.cancelled])
            #expect(try await storage.nextDeliveryDue() == nil)
            #expect(try await storage.attempts(AttemptFilter(storeHash: owner.storeHash), page: PageRequest()).total == 0)
        }
    }

    // MARK: Idempotency and concurrency

    @Test(arguments: StorageFactory.all)
    func publishingAnEventIDTwiceIsIdempotent(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await Self.setUp(storage, destinations: ["https://a.example/1", "https://b.example/1"])
            #expect(
                try await storage.publish([Self.event("e1")], storeHash: owner.storeHash, now: Self.t0)
                    == [PublishedEvent(eventID: "e1", deliveries: 2, duplicate: false)])
            // A third hook now matches, but a duplicate answers the first publish's count and creates nothing.
            _ = try await storage.createHook(
                WebhookDraft(scope: Self.scope, destination: "https://c.example/1"), owner: owner, limits: .bigCommerce, now: 1)
            #expect(
                try await storage.publish([Self.event("e1"), Self.event("e2"), Self.event("e2")], storeHash: owner.storeHash, now: Self.t0)
                    == [
                        PublishedEvent(eventID: "e1", deliveries: 2, duplicate: true),
                        PublishedEvent(eventID: "e2", deliveries: 3, duplicate: false),
                        PublishedEvent(eventID: "e2", deliveries: 3, duplicate: true),
                    ])
            #expect(try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e1").count == 2)
            #expect(try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e2").count == 3)
            // Event ids are per store.
            _ = try await storage.createStore(hash: "store2", now: 1)
            #expect(try await storage.publish([Self.event("e1")], storeHash: "store2", now: Self.t0).first?.duplicate == false)
        }
    }

    @Test(arguments: StorageFactory.all)
    func concurrentPublishesOfOneEventIDCreateItOnce(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(4, at: location) { nodes in
                let (owner, _) = try await Self.setUp(nodes[0], destinations: ["https://a.example/1", "https://b.example/1"])
                let results = try await withThrowingTaskGroup(of: [PublishedEvent].self) { group in
                    for index in 0..<8 {
                        let node = nodes[index % nodes.count]
                        // Opposite orders in half the batches, so transactions also cross each other.
                        let ids = index.isMultiple(of: 2) ? ["same", "other"] : ["other", "same"]
                        group.addTask { try await node.publish(ids.map { Self.event($0) }, storeHash: owner.storeHash, now: Self.t0) }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                for id in ["same", "other"] {
                    let published = results.filter { $0.eventID == id }
                    #expect(published.count == 8 && published.filter { !$0.duplicate }.count == 1)
                    #expect(published.allSatisfy { $0.deliveries == 2 })
                    #expect(try await nodes[1].deliveries(storeHash: owner.storeHash, id: nil, eventID: id).count == 2)
                }
            }
        }
    }

    @Test(arguments: StorageFactory.all)
    func concurrentClaimersNeverClaimADeliveryTwice(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(8, at: location) { nodes in
                let (owner, _) = try await Self.setUp(
                    nodes[0], destinations: ["https://a.example/1", "https://b.example/1", "https://c.example/1", "https://d.example/1"])
                _ = try await nodes[0].publish((1...50).map { Self.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0)
                let now = Self.t0 + 1
                let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                    for (index, node) in nodes.enumerated() {
                        group.addTask {
                            var mine: [Int64] = []
                            while true {
                                // Half the nodes exclude a host (no deliveries go there), which claims host by host.
                                let claimed = try await Self.claim(
                                    node, node: "n\(index)", now: now, lease: 60_000, limit: 7,
                                    excluding: index % 2 == 0 ? [] : ["none.example"])
                                mine += claimed.map(\.deliveryID)
                                if claimed.isEmpty {
                                    // Others may hold the last due rows for a moment: stop only once none is due.
                                    guard let due = try await node.nextDeliveryDue(), due <= now else { break }
                                    await Task.yield()
                                }
                            }
                            return mine
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let all = claims.flatMap { $0 }
                #expect(all.count == 200)
                #expect(Set(all).count == 200, "a delivery was claimed twice")
                let states = try await nodes[0].deliveries(storeHash: owner.storeHash, id: nil, eventID: nil)
                #expect(states.count == 200 && states.allSatisfy { $0.state == .pending && $0.nextAttemptAt == now + 60_000 })
            }
        }
    }

    // MARK: Notices, deactivation, history, blocklist

    @Test(arguments: StorageFactory.all)
    func failuresRaiseNoticesDeactivateAndKeepHistory(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await Self.setUp(storage, destinations: ["https://a.example/1"], eventsHistory: true)
            let exceptionHook = try await Self.addExceptionHook(storage, owner: owner)
            let events = [Self.event("e1", createdAt: 1_000), Self.event("e2", createdAt: 2_000)]
            _ = try await storage.publish(events, storeHash: owner.storeHash, now: Self.t0)
            let claimed = try await Self.claim(storage, now: Self.t0)
            #expect(claimed.count == 2)

            // Two failures in one batch: one 90001 notice (once per interval per destination).
            let retryAt = Self.t0 + 60_000
            #expect(try await Self.complete(storage, claimed, Self.failure(at: Self.t0), .retry(atMilliseconds: retryAt), now: Self.t0 + 1) == 1)
            let notice = try #require(try await Self.claim(storage, now: Self.t0 + 1).first)
            #expect(notice.isExceptionHook && notice.hookID == exceptionHook.id && notice.destination == "https://notices.example/x")
            let noticePayload = try JSONDecoder().decode(CallbackPayload.self, from: notice.payload)
            #expect(noticePayload.scope == DeliveryExceptionCode.scope)
            #expect(noticePayload.data == DeliveryExceptionCode.retrying.data(hookID: hooks[0].id, destination: "https://a.example/1"))
            // Failures of the exception hook itself raise nothing.
            #expect(try await Self.complete(storage, [notice], Self.failure(at: Self.t0), .exhausted, now: Self.t0 + 2) == 0)
            #expect(try await storage.hook(id: exceptionHook.id, owner: owner)?.status == .deactivated)
            let revived = try await storage.updateHook(
                id: exceptionHook.id, owner: owner, changes: WebhookChanges(isActive: true), limits: .bigCommerce, now: 3)
            #expect(revived?.status == .active)

            // Retries run out for e1 (90002, webhook deactivated, history kept); e2 retries within the interval (no notice).
            let retries = try await Self.claim(storage, now: retryAt)
            #expect(retries.map(\.attempt) == [2, 2])
            let result = Self.failure(at: retryAt)
            #expect(
                try await storage.completeDeliveries(
                    [
                        DeliveryCompletion(delivery: retries[0], outcome: .attempted(result, .exhausted)),
                        DeliveryCompletion(delivery: retries[1], outcome: .attempted(result, .retry(atMilliseconds: retryAt + 60_000))),
                    ], node: "n1", rules: CompletionRules(), now: retryAt + 1) == 1)
            #expect(try await storage.hook(id: hooks[0].id, owner: owner)?.status == .deactivated)
            #expect(try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e1").first?.state == .failed)
            let history = try await storage.eventsHistory(owner: owner, createdFrom: nil, createdTo: nil, page: PageRequest())
            #expect(history.total == 1)
            let kept = try JSONDecoder().decode(CallbackPayload.self, from: Data(try #require(history.items.first).utf8))
            #expect(kept.hash == CallbackPayload.eventHash(storeHash: owner.storeHash, event: events[0]))
            #expect(try await storage.eventsHistory(owner: owner, createdFrom: 1_001, createdTo: nil, page: PageRequest()).total == 0)
            #expect(try await storage.eventsHistory(owner: owner, createdFrom: nil, createdTo: 1_000, page: PageRequest()).total == 1)
            let exhaustedNotice = try #require(try await Self.claim(storage, now: retryAt + 1).first)
            #expect(
                try JSONDecoder().decode(CallbackPayload.self, from: exhaustedNotice.payload).data
                    == DeliveryExceptionCode.retriesExhausted.data(hookID: hooks[0].id, destination: "https://a.example/1"))
            #expect(try await Self.complete(storage, [exhaustedNotice], Self.success(at: retryAt + 1), .succeeded, now: retryAt + 2) == 0)

            // After the interval, a failure raises 90001 again; the deactivated hook's delivery is still completed.
            let later = retryAt + 600_000
            let again = try await Self.claim(storage, now: later)
            #expect(again.count == 1 && again.first?.hookActive == false)
            #expect(try await Self.complete(storage, again, Self.failure(at: later), .retry(atMilliseconds: later + 1), now: later) == 1)
        }
    }

    @Test(arguments: StorageFactory.all)
    func aBlocksReasonsRankByCountThenDescription(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, _) = try await Self.setUp(storage, destinations: ["https://b.example/1"])
            let policy = BlocklistPolicy(windowSeconds: 120, minimumAttempts: 4, minimumSuccessRatio: 0.9, blockSeconds: 180)
            _ = try await storage.publish((1...4).map { Self.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0)
            let claimed = try await Self.claim(storage, now: Self.t0)
            let timeout = AttemptResult(errorClass: .timeout, startedAtMilliseconds: Self.t0, durationMilliseconds: 5)
            let results = [timeout, Self.failure(502, at: Self.t0), timeout, Self.failure(502, at: Self.t0)]
            _ = try await storage.completeDeliveries(
                zip(claimed, results).map { DeliveryCompletion(delivery: $0, outcome: .attempted($1, .retry(atMilliseconds: Self.t0 + 60_000))) },
                node: "n1", rules: CompletionRules(blocklist: policy), now: Self.t0 + 1)
            let reasons = try await storage.blockedDomains(owner: owner, now: Self.t0 + 1).first?.reasons
            #expect(reasons?.map(\.failure_description) == ["HTTP 502", "timeout"], "equal counts: ordered by description")
        }
    }

    @Test(arguments: StorageFactory.all)
    func tooManyFailuresBlockTheHost(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await Self.setUp(storage, destinations: ["https://b.example/1"])
            _ = try await Self.addExceptionHook(storage, owner: owner)
            let policy = BlocklistPolicy(windowSeconds: 120, minimumAttempts: 3, minimumSuccessRatio: 0.9, blockSeconds: 180)
            let rules = CompletionRules(blocklist: policy, retryingNoticeInterval: 600)
            _ = try await storage.publish((1...3).map { Self.event("e\($0)") }, storeHash: owner.storeHash, now: Self.t0)
            let claimed = try await Self.claim(storage, now: Self.t0)
            #expect(claimed.count == 3)
            let retryAt = Self.t0 + 10_000
            // Two failures: under the minimum, no block yet (one 90001).
            #expect(
                try await Self.complete(
                    storage, Array(claimed.prefix(2)), Self.failure(at: Self.t0), .retry(atMilliseconds: retryAt), rules: rules,
                    now: Self.t0 + 1) == 1)
            #expect(try await storage.blockedDomains(owner: owner, now: Self.t0 + 1).isEmpty)
            // The third: blocked (90003; no second 90001 within the interval).
            #expect(
                try await Self.complete(
                    storage, [claimed[2]], Self.failure(503, at: Self.t0 + 1), .retry(atMilliseconds: retryAt), rules: rules,
                    now: Self.t0 + 2) == 1)
            let blockedUntil = (Self.t0 + 2) / 1000 + 180
            let blocked = try await storage.blockedDomains(owner: owner, now: Self.t0 + 2)
            #expect(try await storage.dashboardOverview(from: Self.t0, to: Self.t0 + 3, now: Self.t0 + 2).blockedDomains == 1)
            #expect(
                blocked == [
                    BlockedDomain(
                        host: "b.example", destination: "https://b.example/1", blockedUntil: blockedUntil,
                        reasons: [
                            .init(failure_description: "HTTP 500", count: 2, timestamp: Self.t0 / 1000),
                            .init(failure_description: "HTTP 503", count: 1, timestamp: (Self.t0 + 1) / 1000),
                        ])
                ])
            #expect(try await storage.blockedDomains(owner: HookOwner(storeHash: owner.storeHash, clientID: "other"), now: Self.t0).isEmpty)

            // Notices first (due at once), then the retries, which carry the block.
            let notices = try await Self.claim(storage, now: Self.t0 + 2)
            #expect(notices.count == 2 && notices.allSatisfy(\.isExceptionHook))
            let codes = try notices.map { try JSONDecoder().decode(CallbackPayload.self, from: $0.payload).data }
            #expect(
                codes == [
                    DeliveryExceptionCode.retrying.data(hookID: hooks[0].id, destination: "https://b.example/1"),
                    DeliveryExceptionCode.domainBlocked.data(hookID: hooks[0].id, destination: "https://b.example/1"),
                ])
            let retries = try await Self.claim(storage, now: retryAt)
            #expect(retries.count == 3 && retries.allSatisfy { $0.blockedUntil == blockedUntil })
            // Refusals for the block count for nothing: no new block, no notice.
            let refused = AttemptResult(errorClass: .domainBlocked, startedAtMilliseconds: retryAt, durationMilliseconds: 0)
            #expect(
                try await Self.complete(storage, retries, refused, .retry(atMilliseconds: retryAt + 1), rules: rules, now: retryAt) == 0)
            #expect(try await storage.blockedDomains(owner: owner, now: blockedUntil * 1000).isEmpty)
            #expect(try await Self.claim(storage, now: retryAt + 1).allSatisfy { $0.blockedUntil == blockedUntil })
        }
    }

    @Test(arguments: StorageFactory.all)
    func nodesCompletingAtOnceRaiseEachNoticeOnce(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withNodes(4, at: location) { nodes in
                // 8 destinations on one host, 2 events: 16 deliveries.
                let destinations = (1...8).map { "https://b.example/\($0)" }
                let (owner, hooks) = try await Self.setUp(nodes[0], destinations: destinations)
                _ = try await Self.addExceptionHook(nodes[0], owner: owner)
                let rules = CompletionRules(
                    blocklist: BlocklistPolicy(windowSeconds: 120, minimumAttempts: 8, minimumSuccessRatio: 0.9, blockSeconds: 180),
                    retryingNoticeInterval: 600)
                _ = try await nodes[0].publish([Self.event("e1"), Self.event("e2")], storeHash: owner.storeHash, now: Self.t0)
                var claims: [(node: Int, delivery: ClaimedDelivery)] = []
                for (index, node) in nodes.enumerated() {
                    claims += try await Self.claim(node, node: "n\(index)", now: Self.t0, limit: 4).map { (index, $0) }
                }
                #expect(claims.count == 16)
                // 16 failures completed one by one, all at once, spread over the nodes: one 90001 per
                // destination, and one block of the host (one 90003) once 8 attempts are in the window.
                let notices = try await withThrowingTaskGroup(of: Int.self) { group in
                    for claim in claims {
                        group.addTask {
                            try await Self.complete(
                                nodes[claim.node], [claim.delivery], node: "n\(claim.node)", Self.failure(at: Self.t0),
                                .retry(atMilliseconds: Self.t0 + 60_000), rules: rules, now: Self.t0 + 1)
                        }
                    }
                    return try await group.reduce(0, +)
                }
                #expect(notices == 9)
                let sent = try await Self.claim(nodes[1], now: Self.t0 + 1)
                let codes = try sent.map { try JSONDecoder().decode(CallbackPayload.self, from: $0.payload).data }
                let retrying = zip(hooks, destinations).map { DeliveryExceptionCode.retrying.data(hookID: $0.id, destination: $1) }
                #expect(codes.count == 9)
                #expect(codes.filter { retrying.contains($0) }.count == 8 && Set(codes.map { "\($0)" }).count >= 8)
                let blockedNotices = codes.filter { code in
                    zip(hooks, destinations).contains { code == DeliveryExceptionCode.domainBlocked.data(hookID: $0.id, destination: $1) }
                }
                #expect(blockedNotices.count == 1)
                #expect(try await nodes[2].blockedDomains(owner: owner, now: Self.t0 + 1).map(\.host) == ["b.example"])
            }
        }
    }

    // MARK: Operator actions

    @Test(arguments: StorageFactory.all)
    func retryDeliveryAndReplay(_ factory: StorageFactory) async throws {
        try await factory.withStorage { storage in
            let (owner, hooks) = try await Self.setUp(storage, destinations: ["https://a.example/1"], scope: "store/order/*")
            _ = try await storage.publish(
                [
                    Self.event("e1", createdAt: 1_000), Self.event("e2", createdAt: 2_000),
                    Self.event("c1", scope: "store/cart/created", createdAt: 2_500), Self.event("e3", createdAt: 3_000),
                ], storeHash: owner.storeHash, now: Self.t0)
            let claimed = try await Self.claim(storage, now: Self.t0)
            #expect(claimed.map(\.eventID) == ["e1", "e2", "e3"])
            let first = claimed[0]
            #expect(try await storage.retryDelivery(id: first.deliveryID, storeHash: owner.storeHash, now: Self.t0 + 1) == .inFlight)
            #expect(try await storage.retryDelivery(id: first.deliveryID, storeHash: "other", now: Self.t0 + 1) == .notFound)
            #expect(try await storage.retryDelivery(id: 999_999, storeHash: owner.storeHash, now: Self.t0 + 1) == .notFound)
            _ = try await Self.complete(storage, claimed, Self.failure(at: Self.t0), .exhausted, now: Self.t0 + 2)
            #expect(try await storage.retryDelivery(id: first.deliveryID, storeHash: owner.storeHash, now: Self.t0 + 3) == .scheduled)
            let retried = try #require(try await storage.deliveries(storeHash: owner.storeHash, id: first.deliveryID, eventID: nil).first)
            #expect(retried.state == .pending && retried.nextAttemptAt == Self.t0 + 3 && retried.attempts == 1)
            #expect(try await Self.claim(storage, now: Self.t0 + 3).map { "\($0.deliveryID)/\($0.attempt)" } == ["\(first.deliveryID)/2"])

            // Replay: events in the window whose scope the hook matches.
            #expect(try await storage.replay(hookID: hooks[0].id, storeHash: owner.storeHash, since: 1_500, until: 3_000, now: Self.t0 + 4) == 2)
            #expect(try await storage.replay(hookID: hooks[0].id, storeHash: "other", since: 0, until: 9_999, now: Self.t0 + 4) == 0)
            #expect(try await storage.replay(hookID: hooks[0].id, storeHash: owner.storeHash, since: 5_000, until: 9_999, now: Self.t0 + 4) == 0)
            let replayed = try await Self.claim(storage, now: Self.t0 + 4)
            #expect(replayed.map(\.eventID) == ["e2", "e3"] && replayed.allSatisfy { $0.attempt == 1 })
            #expect(try await storage.deliveries(storeHash: owner.storeHash, id: nil, eventID: "e2").count == 2)
            #expect(try await storage.hook(id: hooks[0].id, storeHash: owner.storeHash)?.id == hooks[0].id)
            #expect(try await storage.hook(id: hooks[0].id, storeHash: "other") == nil)
        }
    }
}
