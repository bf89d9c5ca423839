import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Publishing

    /// Accepts events in one transaction, as `HooklineStorage.publish` says; an id the store already has
    /// (also one another node is publishing at the same moment) is a duplicate. Notifies listeners when
    /// deliveries were created that nobody leased. Throws `storeNotFound`.
    public func publish(_ allEvents: [EventDraft], storeHash: String, now: Int64, lease: PublishLease?) async throws
        -> PublishedBatch
    {
        let encoded = try await PayloadEncoding.preencode(allEvents, storeHash: storeHash) {
            try await row(StoreIDStatement(storeHash: storeHash))?.value("store_id", as: Int64.self)
        }
        let started = ContinuousClock.now
        defer { HooklineMetrics.storeWrote(.publish, count: 1, duration: ContinuousClock.now - started) }
        return try await transaction { session in
            // The store may have gone while the payloads were encoded.
            guard let (storeID, hooks) = try await Self.publishingStore(session, storeHash: storeHash),
                encoded == nil || encoded?.storeID == storeID
            else { throw StorageError.storeNotFound(storeHash: storeHash) }
            let allPayloads = try encoded?.payloads ?? PayloadEncoding.encodeSerially(allEvents[...], storeHash: storeHash, storeID: storeID)
            // Events with a dedupe key an earlier publish wrote are answered as duplicates and go no further.
            let keyDuplicates = try await Self.keyedDuplicates(session, allEvents, storeHash: storeHash, now: now)
            let kept = allEvents.indices.filter { keyDuplicates[$0] == nil }
            let events = kept.map { allEvents[$0] }
            let payloads = kept.map { allPayloads[$0] }
            let batch = PublishBatch(events: events, hooks: hooks.map(\.target), lease: lease)
            // A FIFO webhook's deliveries go in the store's event sequence, which claims can follow only
            // if the events commit in it: publishes to such a store take turns.
            if hooks.contains(where: { $0.target.settings.ordering == .fifo }) {
                try await session.lock(.orderedStore, storeHash)
            }
            let (eventIDsBySeq, leasedRows) = try await Self.insertEvents(
                session, batch, events: events, payloads: payloads, storeHash: storeHash, now: now, lease: lease)
            let inserted = Set(eventIDsBySeq.values)
            let isNew = events.indices.map { batch.isInserted(at: $0, inserted: inserted) }
            // Duplicates (already stored, or repeated in this batch) answer with the stored delivery count.
            let duplicateIDs = events.indices.filter { !isNew[$0] }.map { events[$0].eventID }
            var storedCounts: [String: Int] = [:]
            if !duplicateIDs.isEmpty {
                for row in try await session.rows(
                    "SELECT event_id, delivery_count FROM events WHERE store_hash = \(storeHash) AND event_id = ANY(\(duplicateIDs)::text[])")
                {
                    storedCounts[try row.value("event_id")] = try row.value("delivery_count")
                }
            }
            var results: [PublishedEvent] = []
            results.reserveCapacity(events.count)
            var created = 0
            for (position, event) in events.enumerated() {
                if isNew[position] {
                    results.append(PublishedEvent(eventID: event.eventID, deliveries: batch.deliveryCounts[position], duplicate: false))
                    created += batch.deliveryCounts[position]
                } else {
                    results.append(PublishedEvent(eventID: event.eventID, deliveries: storedCounts[event.eventID] ?? 0, duplicate: true))
                }
            }
            for (position, duplicate) in keyDuplicates.sorted(by: { $0.key < $1.key }) { results.insert(duplicate, at: position) }
            if created > leasedRows.count { try await Self.notifyDeliveries(session) }
            let leased = try await Self.leasedDeliveries(
                session, leasedRows, eventIDsBySeq: eventIDsBySeq, hooks: hooks, batch: batch, payloads: payloads,
                storeHash: storeHash, now: now)
            return PublishedBatch(events: results, leased: leased, pendingHosts: batch.pendingHosts(inserted: inserted))
        }
    }

    /// The events of a batch (by position) that an earlier publish, or an earlier event of the batch,
    /// wrote with one of their dedupe keys, as duplicates' results (`DedupeKeyMatch`). Every key is locked first (in order, so two publishes cannot deadlock),
    /// so a publish carrying a key another node is writing waits for it, then sees it.
    static func keyedDuplicates(_ session: PostgresSession, _ events: [EventDraft], storeHash: String, now: Int64)
        async throws -> [Int: PublishedEvent]
    {
        let keys = Set(events.flatMap(\.dedupeKeys)).sorted()
        guard !keys.isEmpty else { return [:] }
        for key in keys { try await session.lock(.dedupeKey, "\(storeHash)\n\(key)") }
        var duplicates: [Int: PublishedEvent] = [:]
        for (position, event) in events.enumerated() where !event.dedupeKeys.isEmpty {
            let match = try DedupeKeyMatch(
                event, stored: try await session.row(InboundSQL.keyedEvent(storeHash: storeHash, keys: event.dedupeKeys)))
            try await session.execute(
                InboundSQL.recordKeys(storeHash: storeHash, keys: event.dedupeKeys, eventID: match.owner, now: now / 1000))
            duplicates[position] = match.duplicate
        }
        return duplicates
    }

    /// A publish batch laid out for one `INSERT`: each event id's first occurrence, in order, and the
    /// deliveries those events create.
    struct PublishBatch {
        /// The events' ids, by position in the batch.
        var eventIDs: [String] = []
        /// Position in the batch of each event id's first occurrence.
        var firstPosition: [String: Int] = [:]
        /// Positions of the events to insert (first occurrences), in batch order.
        var insertPositions: [Int] = []
        /// How many webhooks each event (by position) goes to.
        var deliveryCounts: [Int] = []
        /// One entry per delivery to create: its event's id, its webhook, and whether the publish's
        /// lease takes it.
        var deliveryEventIDs: [String] = []
        var deliveryHooks: [HookTarget] = []
        var deliveryLeased: [Bool] = []

        init(events: [EventDraft], hooks: [HookTarget], lease: PublishLease?) {
            var matcher = HookMatcher(hooks)
            var allowance = lease.map(PublishLease.Allowance.init)
            eventIDs = events.map(\.eventID)
            deliveryCounts.reserveCapacity(events.count)
            for (position, event) in events.enumerated() {
                let matching = matcher.hooks(receiving: event.scope)
                deliveryCounts.append(matching.count)
                guard firstPosition[event.eventID] == nil else { continue }
                firstPosition[event.eventID] = position
                insertPositions.append(position)
                for hook in matching {
                    deliveryEventIDs.append(event.eventID)
                    deliveryHooks.append(hook)
                    // A limited webhook's deliveries wait for its claim, which counts what it has in flight.
                    deliveryLeased.append(!hook.settings.limitsClaims && allowance?.takes(host: hook.host) == true)
                }
            }
        }

        /// The destination hosts of the deliveries created but not leased, given the ids the insert returned.
        func pendingHosts(inserted: Set<String>) -> Set<String> {
            Set(
                deliveryHooks.indices.lazy
                    .filter { !deliveryLeased[$0] && inserted.contains(deliveryEventIDs[$0]) }
                    .map { deliveryHooks[$0].host })
        }

        /// Whether this publish wrote the event at `position`, given the ids its insert returned.
        func isInserted(at position: Int, inserted: Set<String>) -> Bool {
            let eventID = eventIDs[position]
            return firstPosition[eventID] == position && inserted.contains(eventID)
        }
    }

    /// Inserts a batch's events (first occurrences, in order, so their sequence numbers follow the
    /// batch) and the deliveries of those that are new, in one statement, those the batch marks as
    /// leased under `lease`; returns the ids of the events inserted by their sequence numbers, and the
    /// leased deliveries.
    /// The unique (store_hash, event_id) decides: an id the store has, or one another node is
    /// publishing at the same moment (this insert waits for it), is skipped with its deliveries.
    static func insertEvents(
        _ session: PostgresSession, _ batch: PublishBatch, events: [EventDraft], payloads: [String], storeHash: String,
        now: Int64, lease: PublishLease?
    ) async throws -> (eventIDsBySeq: [Int64: String], leased: [LeasedRow]) {
        let chosen = batch.insertPositions
        let rows = try await session.rows(
            InsertEventsStatement(
                eventIDs: chosen.map { events[$0].eventID }, scopes: chosen.map { events[$0].scope },
                payloads: chosen.map { payloads[$0] }, createdAt: chosen.map { events[$0].createdAt },
                deliveryCounts: chosen.map { Int64(batch.deliveryCounts[$0]) }, storeHash: storeHash, acceptedAt: now / 1000,
                leaseNode: lease?.node ?? "", leaseUntil: lease?.leaseUntil ?? now, now: now,
                deliveryEventIDs: batch.deliveryEventIDs, deliveryHookIDs: batch.deliveryHooks.map(\.id),
                deliveryClientIDs: batch.deliveryHooks.map(\.clientID), deliveryHosts: batch.deliveryHooks.map(\.host),
                deliveryLeased: batch.deliveryLeased, deliveryLimited: batch.deliveryHooks.map(\.settings.limitsClaims)))
        var eventIDsBySeq: [Int64: String] = [:]
        var leased: [LeasedRow] = []
        for row in rows {
            let eventSeq: Int64 = try row.value("event_seq")
            if let eventID: String = try row.value("event_id") { eventIDsBySeq[eventSeq] = eventID }
            if let id: Int64 = try row.value("leased_id") {
                leased.append(LeasedRow(id: id, eventSeq: eventSeq, hookID: try row.value("hook_id")))
            }
        }
        return (eventIDsBySeq, leased)
    }

    /// A delivery a publish created leased: its id, its event's sequence number, its webhook.
    struct LeasedRow {
        var id: Int64
        var eventSeq: Int64
        var hookID: Int64
    }

    /// An active webhook as a publish reads it: where its deliveries go, and what one it leases needs
    /// to be sent.
    struct PublishingHook {
        /// Where its deliveries go and whose they are.
        var target: HookTarget
        /// The custom headers, as their column keeps them.
        var headers: String?
        /// The owning account's secret.
        var clientSecret: String?
        /// The secret its last rotation replaced, and until when (Unix seconds) that one still signs.
        var previousClientSecret: String?
        var previousSecretExpiresAt: Int64?
    }

    /// The deliveries a publish leased, with everything their attempts need, in id order: built from
    /// what the publish holds (the webhooks it read, the payloads it encoded) and the blocks in force
    /// on their hosts. Reading them back joined, as a claim does, cost PostgreSQL more to plan than
    /// to run, on every publish (1.2 ms against 0.16 ms): a join's plan for a list of ids depends on
    /// the list, so PostgreSQL planned it anew each time even as a named statement.
    static func leasedDeliveries(
        _ session: PostgresSession, _ rows: [LeasedRow], eventIDsBySeq: [Int64: String], hooks: [PublishingHook],
        batch: PublishBatch, payloads: [String], storeHash: String, now: Int64
    ) async throws -> [ClaimedDelivery] {
        guard !rows.isEmpty else { return [] }
        let hooksByID = Dictionary(hooks.map { ($0.target.id, $0) }, uniquingKeysWith: { first, _ in first })
        var blockedUntil: [String: Int64] = [:]
        for row in try await session.rows(BlockedHostsStatement(storeHash: storeHash, nowSeconds: now / 1000)) {
            let key = "\(try row.value("client_id", as: String.self))\n\(try row.value("host", as: String.self))"
            blockedUntil[key] = try row.value("blocked_until")
        }
        var headers: [Int64: [String: String]?] = [:]
        return try rows.sorted { $0.id < $1.id }.map { row in
            guard let hook = hooksByID[row.hookID], let eventID = eventIDsBySeq[row.eventSeq],
                let position = batch.firstPosition[eventID]
            else { throw PostgresStorageInternalError.unknownLeasedDelivery }
            if headers[row.hookID] == nil { headers[row.hookID] = try HeadersColumn.decode(hook.headers) }
            let target = hook.target
            return ClaimedDelivery(
                deliveryID: row.id, eventSeq: row.eventSeq, eventID: eventID, hookID: row.hookID,
                owner: HookOwner(storeHash: storeHash, clientID: target.clientID), attempt: 1, destination: target.destination,
                host: target.host, headers: headers[row.hookID] ?? nil, hookActive: true,
                isExceptionHook: target.scope == DeliveryExceptionCode.scope, clientSecret: hook.clientSecret,
                payload: Data(payloads[position].utf8), blockedUntil: blockedUntil["\(target.clientID)\n\(target.host)"],
                previousClientSecret: hook.previousClientSecret, previousSecretExpiresAt: hook.previousSecretExpiresAt,
                settings: target.settings)
        }
    }

    /// A store's id and its active webhooks, in id order; `nil` if there is no such store.
    static func publishingStore(_ session: PostgresSession, storeHash: String) async throws
        -> (storeID: Int64, hooks: [PublishingHook])?
    {
        let rows = try await session.rows(PublishingStoreStatement(storeHash: storeHash))
        guard let first = rows.first else { return nil }
        let hooks = try rows.compactMap { row -> PublishingHook? in
            guard let id: Int64 = try row.value("id") else { return nil }
            return PublishingHook(
                target: HookTarget(
                    id: id, clientID: try row.value("client_id"), scope: try row.value("scope"),
                    destination: try row.value("destination"),
                    settings: HookDeliverySettings(
                        stored: try row.value("ordering", as: String?.self),
                        maxPerSecond: try row.value("max_per_second", as: Int64?.self),
                        maxInFlight: try row.value("max_in_flight", as: Int64?.self))),
                headers: try row.value("headers"), clientSecret: try row.value("client_secret"),
                previousClientSecret: try row.value("previous_client_secret"),
                previousSecretExpiresAt: try row.value("previous_secret_expires_at"))
        }
        return (try first.value("store_id"), hooks)
    }

    /// Inserts an event with its payload and one pending delivery per hook, in one statement; returns
    /// the event's sequence number, or `nil` if the store already has an event with this id (then
    /// nothing was written).
    static func insertEvent(
        _ session: PostgresSession, _ event: EventDraft, storeHash: String, storeID: Int64, hooks: [HookTarget], now: Int64
    ) async throws -> Int64? {
        let payload = String(
            decoding: try CallbackPayload(event: event, storeHash: storeHash, storeID: storeID).encoded(), as: UTF8.self)
        return try await insertEvent(session, event, payload: payload, storeHash: storeHash, hooks: hooks, now: now)
    }

    /// `insertEvent` with the payload already encoded.
    static func insertEvent(
        _ session: PostgresSession, _ event: EventDraft, payload: String, storeHash: String, hooks: [HookTarget], now: Int64
    ) async throws -> Int64? {
        try await session.row(
            """
            WITH event AS (
                INSERT INTO events (store_hash, event_id, scope, payload, created_at, accepted_at, delivery_count)
                VALUES (\(storeHash), \(event.eventID), \(event.scope), \(payload), \(event.createdAt), \(now / 1000),
                        \(hooks.count))
                ON CONFLICT (store_hash, event_id) DO NOTHING
                RETURNING seq
            ), created AS (
                INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, next_attempt_at,
                                        created_at, updated_at, hook_limited)
                SELECT event.seq, target.hook_id, \(storeHash), target.client_id, target.host, 'pending', \(now), \(now), \(now),
                       target.limited
                FROM event, unnest(\(hooks.map(\.id))::bigint[], \(hooks.map(\.clientID))::text[],
                                   \(hooks.map(\.host))::text[], \(hooks.map(\.settings.limitsClaims))::boolean[])
                     AS target(hook_id, client_id, host, limited)
            )
            SELECT seq FROM event
            """
        )?.value("seq")
    }

    /// Wakes every node listening for deliveries once the transaction commits.
    static func notifyDeliveries(_ session: PostgresSession) async throws {
        try await session.execute(PostgresQuery(unsafeSQL: "NOTIFY \(deliveriesChannel)"))
    }
}
