import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Publishing

    /// Accepts events in one transaction, as `HooklineStorage.publish` says; an id the store already has
    /// (also one another node is publishing at the same moment) is a duplicate. Notifies listeners when
    /// deliveries were created that nobody leased. Throws `storeNotFound`.
    public func publish(_ events: [EventDraft], storeHash: String, now: Int64, lease: PublishLease?) async throws
        -> PublishedBatch
    {
        // A batch's payloads are encoded before the transaction, on every core; a few events' inside it
        // (saving a round trip).
        var preencoded: (storeID: Int64, payloads: [String])?
        if events.count >= PayloadEncoding.parallelThreshold {
            guard
                let storeID: Int64 = try await row(StoreIDStatement(storeHash: storeHash))?.value("store_id")
            else { throw StorageError.storeNotFound(storeHash: storeHash) }
            preencoded = (storeID, try await PayloadEncoding.encode(events, storeHash: storeHash, storeID: storeID))
        }
        let encoded = preencoded
        return try await transaction { session in
            // The store may have gone while the payloads were encoded.
            guard let (storeID, hooks) = try await Self.publishingStore(session, storeHash: storeHash),
                encoded == nil || encoded?.storeID == storeID
            else { throw StorageError.storeNotFound(storeHash: storeHash) }
            let payloads = try encoded?.payloads ?? PayloadEncoding.encodeSerially(events[...], storeHash: storeHash, storeID: storeID)
            let batch = PublishBatch(events: events, hooks: hooks.map(\.target), lease: lease)
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
            if created > leasedRows.count { try await Self.notifyDeliveries(session) }
            let leased = try await Self.leasedDeliveries(
                session, leasedRows, eventIDsBySeq: eventIDsBySeq, hooks: hooks, batch: batch, payloads: payloads,
                storeHash: storeHash, now: now)
            return PublishedBatch(events: results, leased: leased, pendingHosts: batch.pendingHosts(inserted: inserted))
        }
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
                    deliveryLeased.append(allowance?.takes(host: hook.host) == true)
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
                deliveryLeased: batch.deliveryLeased))
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
                payload: Data(payloads[position].utf8), blockedUntil: blockedUntil["\(target.clientID)\n\(target.host)"])
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
                    destination: try row.value("destination")),
                headers: try row.value("headers"), clientSecret: try row.value("client_secret"))
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
                                        created_at, updated_at)
                SELECT event.seq, target.hook_id, \(storeHash), target.client_id, target.host, 'pending', \(now), \(now), \(now)
                FROM event, unnest(\(hooks.map(\.id))::bigint[], \(hooks.map(\.clientID))::text[],
                                   \(hooks.map(\.host))::text[])
                     AS target(hook_id, client_id, host)
            )
            SELECT seq FROM event
            """
        )?.value("seq")
    }

    /// Inserts one pending delivery to `hook` per event in `eventSeqs`.
    static func insertDeliveries(
        _ session: PostgresSession, eventSeqs: [Int64], hook: HookTarget, storeHash: String, now: Int64
    ) async throws {
        try await session.execute(
            """
            INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, next_attempt_at, created_at,
                                    updated_at)
            SELECT seq, \(hook.id), \(storeHash), \(hook.clientID), \(hook.host), 'pending',
                   \(now), \(now), \(now)
            FROM unnest(\(eventSeqs)::bigint[]) WITH ORDINALITY AS event(seq, position)
            ORDER BY position
            """)
    }

    /// Wakes every node listening for deliveries once the transaction commits.
    static func notifyDeliveries(_ session: PostgresSession) async throws {
        try await session.execute(PostgresQuery(unsafeSQL: "NOTIFY \(deliveriesChannel)"))
    }

    // MARK: Claiming

    /// Leases up to `limit` due deliveries for `node` until `leaseUntil` (Unix ms), at most
    /// `perHostLimit` per host and none for `excludingHosts`, in one statement; rows another node is
    /// claiming are skipped (`FOR UPDATE SKIP LOCKED`), so no delivery is leased twice.
    public func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        guard limit > 0, perHostLimit > 0 else { return [] }
        let excluded = Array(excludingHosts)
        if excluded.isEmpty {
            return try await rows(
                ClaimStatement<DueInTimeOrder>(
                    now: now, excludedHosts: excluded, perHostLimit: Int64(perHostLimit), limit: Int64(limit), node: node,
                    leaseUntil: leaseUntil)
            ).map(Self.claimedDelivery)
        }
        return try await rows(
            ClaimStatement<DueByHost>(
                now: now, excludedHosts: excluded, perHostLimit: Int64(perHostLimit), limit: Int64(limit), node: node,
                leaseUntil: leaseUntil)
        ).map(Self.claimedDelivery)
    }

    /// A claimed delivery from a row of the claim's columns.
    static func claimedDelivery(_ row: PostgresRandomAccessRow) throws -> ClaimedDelivery {
        let status: String? = try row.value("status")
        let scope: String? = try row.value("scope")
        let payload: String = try row.value("payload")
        let attempts: Int = try row.value("attempts")
        return ClaimedDelivery(
            deliveryID: try row.value("id"), eventSeq: try row.value("event_seq"), eventID: try row.value("event_id"),
            hookID: try row.value("hook_id"),
            owner: HookOwner(storeHash: try row.value("store_hash"), clientID: try row.value("client_id")),
            attempt: attempts + 1, destination: try row.value("destination"), host: try row.value("host"),
            headers: try HeadersColumn.decode(row.value("headers")), hookActive: status == WebhookStatus.active.rawValue,
            isExceptionHook: scope == DeliveryExceptionCode.scope, clientSecret: try row.value("client_secret"),
            payload: Data(payload.utf8), blockedUntil: try row.value("blocked_until"))
    }

    /// When the earliest pending delivery falls due (Unix ms), if any.
    public func nextDeliveryDue() async throws -> Int64? {
        try await row(NextDueStatement())?.value("due")
    }

    // MARK: Completing

    /// Writes a batch of completions in one transaction, as `HooklineStorage.completeDeliveries`
    /// says; returns how many notices it created. Notifies listeners when it made deliveries due.
    ///
    /// The batch costs a fixed number of statements, whatever its size: one per kind of outcome
    /// (arrays through `unnest`), one for the blocklist's window counts, and a few per destination
    /// host; only rare outcomes (exhausted retries, notices) add statements of their own.
    public func completeDeliveries(_ completions: [DeliveryCompletion], node: String, rules: CompletionRules, now: Int64)
        async throws -> Int
    {
        guard !completions.isEmpty else { return 0 }
        return try await transaction { session in
            var notices = 0
            var madeDue = false
            var released: [Int64] = []
            var cancelled: [Int64] = []
            var attempted: [(delivery: ClaimedDelivery, result: AttemptResult, decision: DeliveryDecision, host: String)] = []
            var tally = AttemptWindowTally()
            for completion in completions {
                switch completion.outcome {
                case .released: released.append(completion.delivery.deliveryID)
                case .cancelled: cancelled.append(completion.delivery.deliveryID)
                case .attempted(let result, let decision):
                    let host = completion.delivery.host
                    attempted.append((completion.delivery, result, decision, host))
                    tally.add(clientID: completion.delivery.owner.clientID, host: host, result: result)
                }
            }
            if !released.isEmpty {
                let rows = try await session.rows(
                    """
                    UPDATE deliveries SET lease_owner = NULL, next_attempt_at = \(now)
                    WHERE id = ANY(\(released)::bigint[]) AND lease_owner = \(node) AND state = 'pending'
                    RETURNING id
                    """)
                if !rows.isEmpty { madeDue = true }
            }
            if !cancelled.isEmpty {
                try await session.execute(
                    """
                    UPDATE deliveries SET state = 'cancelled', lease_owner = NULL, updated_at = \(now)
                    WHERE id = ANY(\(cancelled)::bigint[]) AND lease_owner = \(node) AND state = 'pending'
                    """)
            }
            guard !attempted.isEmpty else {
                if madeDue { try await Self.notifyDeliveries(session) }
                return 0
            }
            try await Self.insertAttempts(session, attempted.map { ($0.delivery, $0.result, $0.host) }, node: node)
            let applied = try await Self.applyDecisions(session, attempted.map { ($0.delivery, $0.result, $0.decision) }, node: node, now: now)
            try await Self.recordWindow(session, tally)
            var touched: [String: (storeHash: String, clientID: String, host: String, hookID: Int64, destination: String)] = [:]
            var noticeChecked: Set<String> = []
            for (delivery, result, decision, host) in attempted where applied.contains(delivery.deliveryID) {
                let destination = delivery.destination ?? ""
                if decision == .exhausted || decision == .gone {
                    try await Self.closeHook(session, delivery: delivery, now: now)
                }
                if result.errorClass != .domainBlocked {
                    touched["\(delivery.owner.clientID)\n\(host)"] = (
                        delivery.owner.storeHash, delivery.owner.clientID, host, delivery.hookID, destination
                    )
                }
                if case .retry = decision { madeDue = true }
                guard !delivery.isExceptionHook else { continue }
                switch decision {
                case .succeeded:
                    break
                case .retry:
                    // One 90001 check per destination and batch: a second one in the same batch would
                    // find the interval not yet passed.
                    guard result.errorClass != .domainBlocked,
                        noticeChecked.insert("\(delivery.owner.clientID)\n\(destination)").inserted
                    else { break }
                    if try await Self.claimRetryingNotice(
                        session, clientID: delivery.owner.clientID, destination: destination,
                        interval: rules.retryingNoticeInterval, now: now)
                    {
                        notices += try await Self.enqueueNotice(
                            session, .retrying, delivery: delivery, destination: destination, now: now)
                    }
                case .exhausted, .gone:
                    notices += try await Self.enqueueNotice(
                        session, .retriesExhausted, delivery: delivery, destination: destination, now: now)
                }
            }
            // In key order, so two nodes never take these advisory locks in opposite orders.
            for key in touched.keys.sorted() {
                let target = touched[key]!
                notices += try await Self.updateBlocklist(
                    session, storeHash: target.storeHash, clientID: target.clientID, host: target.host,
                    hookID: target.hookID, destination: target.destination, policy: rules.blocklist, now: now)
            }
            if madeDue || notices > 0 { try await Self.notifyDeliveries(session) }
            return notices
        }
    }

    /// Records attempts in the attempt log, in one statement. Absent values travel as sentinels
    /// (-1, empty text) turned back into NULL, as the arrays are of non-optional values.
    static func insertAttempts(
        _ session: PostgresSession, _ attempts: [(delivery: ClaimedDelivery, result: AttemptResult, host: String)], node: String
    ) async throws {
        try await session.execute(InsertAttemptsStatement(attempts: attempts, node: node))
    }

    /// Moves each delivery to its next state where `node` still holds its lease, in one statement;
    /// returns the ids it moved.
    static func applyDecisions(
        _ session: PostgresSession, _ decisions: [(delivery: ClaimedDelivery, result: AttemptResult, decision: DeliveryDecision)],
        node: String, now: Int64
    ) async throws -> Set<Int64> {
        let next: [(state: String, at: Int64)] = decisions.map {
            switch $0.decision {
            case .succeeded: ("succeeded", now)
            case .retry(let at): ("pending", at)
            case .exhausted, .gone: ("failed", now)
            }
        }
        let rows = try await session.rows(
            ApplyDecisionsStatement(
                ids: decisions.map(\.delivery.deliveryID), states: next.map(\.state),
                attempts: decisions.map { Int64($0.delivery.attempt) }, nextAttemptAt: next.map(\.at),
                statuses: decisions.map { Int64($0.result.statusCode ?? -1) },
                errors: decisions.map { $0.result.errorClass?.rawValue ?? "" }, now: now, node: node))
        return Set(try rows.map { try $0.value("id", as: Int64.self) })
    }

    /// After the last attempt failed (or the destination answered 410): deactivates the webhook and
    /// puts the event in its events history, if enabled.
    static func closeHook(_ session: PostgresSession, delivery: ClaimedDelivery, now: Int64) async throws {
        try await session.execute(
            "UPDATE hooks SET status = 'deactivated', updated_at = \(now / 1000) WHERE id = \(delivery.hookID) AND status = 'active'"
        )
        try await session.execute(
            """
            INSERT INTO event_history (store_hash, client_id, hook_id, event_seq, created_at)
            SELECT store_hash, client_id, id, \(delivery.eventSeq), \(now / 1000) FROM hooks
            WHERE id = \(delivery.hookID) AND events_history_enabled
            ON CONFLICT (hook_id, event_seq) DO NOTHING
            """)
    }

    /// Adds a batch's attempts to the blocklist's per-second window counts, in one statement.
    static func recordWindow(_ session: PostgresSession, _ tally: AttemptWindowTally) async throws {
        guard !tally.counts.isEmpty else { return }
        let entries = tally.counts.sorted { ($0.key.clientID, $0.key.host, $0.key.second) < ($1.key.clientID, $1.key.host, $1.key.second) }
        try await session.execute(RecordWindowStatement(entries: entries))
    }

    /// Whether a 90001 notice may go to this destination now; records it if so. One conditional
    /// upsert: concurrent transactions on several nodes queue on the row, and only one of them
    /// finds the interval passed.
    static func claimRetryingNotice(
        _ session: PostgresSession, clientID: String, destination: String, interval: Int64, now: Int64
    ) async throws -> Bool {
        let seconds = now / 1000
        return try await session.row(
            """
            INSERT INTO exception_notices (client_id, destination, last_sent_at) VALUES (\(clientID), \(destination), \(seconds))
            ON CONFLICT (client_id, destination) DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at
            WHERE exception_notices.last_sent_at <= \(seconds - interval)
            RETURNING last_sent_at
            """) != nil
    }

    /// Creates a delivery exception notice for the client's exception hook, if it has an active one.
    static func enqueueNotice(
        _ session: PostgresSession, _ code: DeliveryExceptionCode, delivery: ClaimedDelivery, destination: String, now: Int64
    ) async throws -> Int {
        try await enqueueNotice(
            session, code, storeHash: delivery.owner.storeHash, clientID: delivery.owner.clientID, hookID: delivery.hookID,
            destination: destination, now: now)
    }

    static func enqueueNotice(
        _ session: PostgresSession, _ code: DeliveryExceptionCode, storeHash: String, clientID: String, hookID: Int64,
        destination: String, now: Int64
    ) async throws -> Int {
        guard
            let row = try await session.row(
                """
                SELECT h.id, h.destination, s.store_id FROM hooks h JOIN stores s ON s.store_hash = h.store_hash
                WHERE h.store_hash = \(storeHash) AND h.client_id = \(clientID) AND h.scope = \(DeliveryExceptionCode.scope)
                  AND h.status = 'active'
                ORDER BY h.id LIMIT 1
                """)
        else { return 0 }
        let event = EventDraft(
            eventID: "hookline-notice-\(RandomIdentifier.uuid())", scope: DeliveryExceptionCode.scope,
            data: code.data(hookID: hookID, destination: destination), createdAt: now / 1000)
        let target = HookTarget(
            id: try row.value("id"), clientID: clientID, scope: DeliveryExceptionCode.scope, destination: try row.value("destination"))
        _ = try await insertEvent(session, event, storeHash: storeHash, storeID: try row.value("store_id"), hooks: [target], now: now)
        return 1
    }

    /// Re-evaluates the client's window for a host and blocks it if the rule says so; returns notices
    /// created. Holds an advisory lock on the client and host, so nodes evaluate one after the other
    /// and each sees the block (and its 90003 notice) another made.
    static func updateBlocklist(
        _ session: PostgresSession, storeHash: String, clientID: String, host: String, hookID: Int64, destination: String,
        policy: BlocklistPolicy, now: Int64
    ) async throws -> Int {
        try await session.lock(.destinationHost, "\(clientID)/\(host)")
        let since = now - policy.windowSeconds * 1000
        let firstSecond = AttemptWindowTally.windowStart(now: now, policy: policy)
        let window = try await session.row(WindowTotalsStatement(clientID: clientID, host: host, firstSecond: firstSecond))
        let total: Int = try window?.value("total") ?? 0
        let successes: Int = try window?.value("successes") ?? 0
        guard policy.shouldBlock(attempts: total, successes: successes) else { return 0 }
        let alreadyBlocked = try await session.row(
            """
            SELECT 1 AS found FROM blocked_domains
            WHERE client_id = \(clientID) AND host = \(host) AND blocked_until > \(now / 1000)
            """)
        guard alreadyBlocked == nil else { return 0 }
        let reasons = try await session.rows(
            """
            SELECT CASE WHEN status_code IS NOT NULL THEN 'HTTP ' || status_code ELSE error_class END AS description,
                   COUNT(*) AS count, MAX(started_at) / 1000 AS timestamp
            FROM attempts
            WHERE client_id = \(clientID) AND host = \(host) AND started_at >= \(since) AND NOT succeeded
              AND (error_class IS NULL OR error_class <> 'domain_blocked')
            GROUP BY description ORDER BY count DESC, description
            """
        ).map { row in
            BlockedDomain.Reason(
                failure_description: try row.value("description", as: String?.self) ?? "failure", count: try row.value("count"),
                timestamp: try row.value("timestamp"))
        }
        let reasonsJSON = String(decoding: try JSONEncoder().encode(reasons), as: UTF8.self)
        try await session.execute(
            """
            INSERT INTO blocked_domains (store_hash, client_id, host, destination, blocked_until, reasons)
            VALUES (\(storeHash), \(clientID), \(host), \(destination), \(now / 1000 + policy.blockSeconds), \(reasonsJSON))
            ON CONFLICT (client_id, host) DO UPDATE SET destination = EXCLUDED.destination,
                blocked_until = EXCLUDED.blocked_until, reasons = EXCLUDED.reasons
            """)
        return try await enqueueNotice(
            session, .domainBlocked, storeHash: storeHash, clientID: clientID, hookID: hookID, destination: destination,
            now: now)
    }

    // MARK: Delivery log and operator actions

    /// A page of attempts, newest first (count and page read from one snapshot).
    public func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord> {
        try await readTransaction { session in
            let total: Int =
                try await session.row(
                    """
                    SELECT COUNT(*) AS total FROM attempts a
                    WHERE a.store_hash = \(filter.storeHash)
                      AND (\(filter.hookID)::bigint IS NULL OR a.hook_id = \(filter.hookID))
                      AND (\(filter.eventID)::text IS NULL
                           OR a.event_seq = (SELECT seq FROM events WHERE store_hash = \(filter.storeHash)
                                             AND event_id = \(filter.eventID)))
                      AND (\(filter.succeeded)::boolean IS NULL OR a.succeeded = \(filter.succeeded))
                      AND (\(filter.startedFrom)::bigint IS NULL OR a.started_at >= \(filter.startedFrom))
                      AND (\(filter.startedBefore)::bigint IS NULL OR a.started_at < \(filter.startedBefore))
                    """)?.value("total") ?? 0
            let rows = try await session.rows(
                """
                SELECT a.*, e.event_id FROM attempts a JOIN events e ON e.seq = a.event_seq
                WHERE a.store_hash = \(filter.storeHash)
                  AND (\(filter.hookID)::bigint IS NULL OR a.hook_id = \(filter.hookID))
                  AND (\(filter.eventID)::text IS NULL
                       OR a.event_seq = (SELECT seq FROM events WHERE store_hash = \(filter.storeHash)
                                         AND event_id = \(filter.eventID)))
                  AND (\(filter.succeeded)::boolean IS NULL OR a.succeeded = \(filter.succeeded))
                  AND (\(filter.startedFrom)::bigint IS NULL OR a.started_at >= \(filter.startedFrom))
                  AND (\(filter.startedBefore)::bigint IS NULL OR a.started_at < \(filter.startedBefore))
                ORDER BY a.id DESC LIMIT \(page.limit) OFFSET \(page.offset)
                """)
            let records = try rows.map { row in
                AttemptRecord(
                    id: try row.value("id"), deliveryID: try row.value("delivery_id"), eventID: try row.value("event_id"),
                    hookID: try row.value("hook_id"), attemptNumber: try row.value("attempt_number"),
                    succeeded: try row.value("succeeded"),
                    result: AttemptResult(
                        statusCode: try row.value("status_code"),
                        errorClass: try row.value("error_class", as: String?.self).flatMap(AttemptErrorClass.init),
                        errorMessage: try row.value("error_message"), responseExcerpt: try row.value("response_excerpt"),
                        startedAtMilliseconds: try row.value("started_at"), durationMilliseconds: try row.value("duration_ms")),
                    node: try row.value("node"))
            }
            return Page(items: records, total: total, request: page)
        }
    }

    /// Makes one delivery of the store due now (the row locked while deciding); notifies listeners.
    public func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome {
        try await transaction { session in
            guard
                let row = try await session.row(
                    """
                    SELECT state, lease_owner, next_attempt_at FROM deliveries WHERE id = \(id) AND store_hash = \(storeHash)
                    FOR UPDATE
                    """)
            else { return .notFound }
            let state: String = try row.value("state")
            let leaseOwner: String? = try row.value("lease_owner")
            let leaseEnd: Int64 = try row.value("next_attempt_at")
            if state == "pending", leaseOwner != nil, leaseEnd > now { return .inFlight }
            try await session.execute(
                """
                UPDATE deliveries SET state = 'pending', next_attempt_at = \(now), lease_owner = NULL, updated_at = \(now)
                WHERE id = \(id)
                """)
            try await Self.notifyDeliveries(session)
            return .scheduled
        }
    }

    /// Creates a new delivery to the webhook for each of the store's events created in
    /// `since...until` (Unix seconds) whose scope it matches; returns how many, and notifies listeners if any.
    public func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int {
        try await transaction { session in
            guard
                let row = try await session.row(
                    "SELECT id, client_id, scope, destination FROM hooks WHERE id = \(hookID) AND store_hash = \(storeHash)")
            else { return 0 }
            let hook = HookTarget(
                id: try row.value("id"), clientID: try row.value("client_id"), scope: try row.value("scope"),
                destination: try row.value("destination"))
            let seqs = try await session.rows(
                """
                SELECT seq, scope FROM events
                WHERE store_hash = \(storeHash) AND created_at BETWEEN \(since) AND \(until) AND scope <> \(DeliveryExceptionCode.scope)
                ORDER BY seq
                """
            ).filter { ScopeCatalog.matches(subscription: hook.scope, event: try $0.value("scope")) }
                .map { try $0.value("seq", as: Int64.self) }
            guard !seqs.isEmpty else { return 0 }
            try await Self.insertDeliveries(session, eventSeqs: seqs, hook: hook, storeHash: storeHash, now: now)
            try await Self.notifyDeliveries(session)
            return seqs.count
        }
    }

    /// The deliveries of the store: one by id, or all of one event (publisher's id), in id order.
    public func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord] {
        try await rows(
            """
            SELECT d.*, e.event_id FROM deliveries d JOIN events e ON e.seq = d.event_seq
            WHERE d.store_hash = \(storeHash)
              AND (\(id)::bigint IS NULL OR d.id = \(id))
              AND (\(eventID)::text IS NULL OR e.event_id = \(eventID))
            ORDER BY d.id LIMIT 1000
            """
        ).map { row in
            DeliveryRecord(
                id: try row.value("id"), eventID: try row.value("event_id"), hookID: try row.value("hook_id"),
                state: try row.value("state"), attempts: try row.value("attempts"),
                nextAttemptAt: try row.value("next_attempt_at"), lastStatus: try row.value("last_status"),
                lastError: try row.value("last_error"))
        }
    }

    /// A webhook of the store, whoever owns it.
    public func hook(id: Int64, storeHash: String) async throws -> Webhook? {
        try await row("SELECT * FROM hooks WHERE id = \(id) AND store_hash = \(storeHash)").map(Self.hook)
    }

    // MARK: Client views

    /// The owner's undeliverable events kept for history, as callback payloads, oldest first.
    public func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    {
        let from = createdFrom ?? Int64.min
        let to = createdTo ?? Int64.max
        return try await readTransaction { session in
            let total: Int =
                try await session.row(
                    """
                    SELECT COUNT(*) AS total FROM events e
                    WHERE e.seq IN (SELECT event_seq FROM event_history
                                    WHERE store_hash = \(owner.storeHash) AND client_id = \(owner.clientID))
                      AND e.created_at >= \(from) AND e.created_at <= \(to)
                    """)?.value("total") ?? 0
            let payloads = try await session.rows(
                """
                SELECT e.payload FROM events e
                WHERE e.seq IN (SELECT event_seq FROM event_history
                                WHERE store_hash = \(owner.storeHash) AND client_id = \(owner.clientID))
                  AND e.created_at >= \(from) AND e.created_at <= \(to)
                ORDER BY e.seq LIMIT \(page.limit) OFFSET \(page.offset)
                """
            ).map { try $0.value("payload", as: String.self) }
            return Page(items: payloads, total: total, request: page)
        }
    }

    /// The owner's destination hosts blocked at `now` (Unix ms).
    public func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain] {
        try await rows(
            """
            SELECT host, destination, blocked_until, reasons FROM blocked_domains
            WHERE store_hash = \(owner.storeHash) AND client_id = \(owner.clientID) AND blocked_until > \(now / 1000)
            ORDER BY host
            """
        ).map { row in
            let reasons = try JSONDecoder().decode(
                [BlockedDomain.Reason].self, from: Data(try row.value("reasons", as: String.self).utf8))
            return BlockedDomain(
                host: try row.value("host"), destination: try row.value("destination"),
                blockedUntil: try row.value("blocked_until"), reasons: reasons)
        }
    }
}
