import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Publishing

    public func publish(_ events: [EventDraft], storeHash: String, now: Int64, lease: PublishLease?) async throws
        -> PublishedBatch
    {
        let preencoded = try await PayloadEncoding.preencode(events, storeHash: storeHash) {
            try await pool.read { db in try Int64.fetchOne(db.cachedStatement(sql: QueueSQL.storeIDText), arguments: [storeHash]) }
        }
        let published = try await publishes.submit(
            PublishRequest(
                events: events, storeHash: storeHash, now: now, lease: lease, storeID: preencoded?.storeID,
                payloads: preencoded?.payloads))
        // A publish under a lease hands its pending hosts to the engine that reserved it.
        if lease == nil && !published.pendingHosts.isEmpty { newWorkBroadcast.announce() }
        return published
    }

    /// One `publish` call waiting to be written.
    struct PublishRequest: Sendable {
        var events: [EventDraft]
        var storeHash: String
        var now: Int64
        /// The lease the new deliveries may be created under, if any.
        var lease: PublishLease?
        /// The store's id and the events' payloads, if encoded before the transaction.
        var storeID: Int64?
        var payloads: [String]?
    }

    /// Writes the publishes that arrived together in one transaction. A request's own failure (an
    /// unknown store) is found before it writes anything and answers that request only; any other
    /// error fails the whole transaction, and every request in it.
    static func writePublishes(_ requests: [PublishRequest], pool: DatabasePool) async -> [Result<PublishedBatch, any Error>] {
        do {
            return try await pool.write { db in
                try requests.map { request in
                    do {
                        return .success(try publish(db, request))
                    } catch let error as StorageError {
                        return .failure(error)
                    }
                }
            }
        } catch {
            return requests.map { _ in .failure(error) }
        }
    }

    /// Publishes one request's events inside the current transaction; throws `StorageError` only before
    /// writing anything.
    static func publish(_ db: Database, _ request: PublishRequest) throws -> PublishedBatch {
        let storeHash = request.storeHash
        // The store may have gone while the payloads were encoded.
        guard
            let storeID = try Int64.fetchOne(
                db.cachedStatement(sql: QueueSQL.storeIDText), arguments: [storeHash]),
            request.storeID == nil || request.storeID == storeID
        else { throw StorageError.storeNotFound(storeHash: storeHash) }
        let payloads =
            try request.payloads ?? PayloadEncoding.encodeSerially(request.events[...], storeHash: storeHash, storeID: storeID)
        // Past this point nothing throws a StorageError, so a failure fails the whole transaction.
        var matcher = HookMatcher(try activeHooks(db, storeHash: storeHash))
        let existing = try db.cachedStatement(sql: "SELECT delivery_count FROM events WHERE store_hash = ? AND event_id = ?")
        var results: [PublishedEvent] = []
        results.reserveCapacity(request.events.count)
        var allowance = request.lease.map(PublishLease.Allowance.init)
        var leasedIDs: [Int64] = []
        var pendingHosts: Set<String> = []
        for (event, payload) in zip(request.events, payloads) {
            if !event.dedupeKeys.isEmpty {
                let match = try DedupeKeyMatch(event, stored: db.row(InboundSQL.keyedEvent(storeHash: storeHash, keys: event.dedupeKeys)))
                try db.execute(
                    InboundSQL.recordKeys(storeHash: storeHash, keys: event.dedupeKeys, eventID: match.owner, now: request.now / 1000))
                if let duplicate = match.duplicate {
                    results.append(duplicate)
                    continue
                }
            }
            if let count = try Int.fetchOne(existing, arguments: [storeHash, event.eventID]) {
                results.append(PublishedEvent(eventID: event.eventID, deliveries: count, duplicate: true))
                continue
            }
            let matching = matcher.hooks(receiving: event.scope)
            let inserted = try insertEvent(
                db, event, payload: payload, storeHash: storeHash, hooks: matching, now: request.now,
                leasing: { hook in
                    // A limited webhook's deliveries wait for its claim, which counts what it has in flight.
                    if !hook.settings.limitsClaims && allowance?.takes(host: hook.host) == true { return request.lease }
                    pendingHosts.insert(hook.host)
                    return nil
                })
            leasedIDs.append(contentsOf: inserted.leasedIDs)
            results.append(PublishedEvent(eventID: event.eventID, deliveries: matching.count, duplicate: false))
        }
        let leased = leasedIDs.isEmpty ? [] : try claimedDeliveries(db, ids: leasedIDs, now: request.now)
        return PublishedBatch(events: results, leased: leased, pendingHosts: pendingHosts)
    }

    static func activeHooks(_ db: Database, storeHash: String) throws -> [HookTarget] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, client_id, scope, destination, \(HookSQL.settingsColumns) FROM hooks WHERE store_hash = ? AND status = 'active'"),
            arguments: [storeHash]
        ).map {
            HookTarget(
                id: $0["id"], clientID: $0["client_id"], scope: $0["scope"], destination: $0["destination"],
                settings: HookDeliverySettings(
                    stored: $0["ordering"] as String?, maxPerSecond: $0["max_per_second"] as Int64?,
                    maxInFlight: $0["max_in_flight"] as Int64?))
        }
    }

    /// Inserts an event with its payload and one pending delivery per hook; returns the event's sequence number.
    @discardableResult
    static func insertEvent(
        _ db: Database, _ event: EventDraft, storeHash: String, storeID: Int64, hooks: [HookTarget], now: Int64
    ) throws -> Int64 {
        let payload = String(
            decoding: try CallbackPayload(event: event, storeHash: storeHash, storeID: storeID).encoded(), as: UTF8.self)
        return try insertEvent(db, event, payload: payload, storeHash: storeHash, hooks: hooks, now: now).seq
    }

    /// Inserts an event with its encoded payload and one delivery per hook, pending, or leased if
    /// `leasing` gives a lease for its hook; returns the event's sequence number and the leased
    /// deliveries' ids.
    static func insertEvent(
        _ db: Database, _ event: EventDraft, payload: String, storeHash: String, hooks: [HookTarget], now: Int64,
        leasing: (HookTarget) -> PublishLease? = { _ in nil }
    ) throws -> (seq: Int64, leasedIDs: [Int64]) {
        try db.cachedStatement(
            sql: """
                INSERT INTO events (store_hash, event_id, scope, payload, created_at, accepted_at, delivery_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [storeHash, event.eventID, event.scope, payload, event.createdAt, now / 1000, hooks.count])
        let seq = db.lastInsertedRowID
        var leasedIDs: [Int64] = []
        for hook in hooks {
            let lease = leasing(hook)
            let id = try insertDelivery(db, eventSeq: seq, hook: hook, storeHash: storeHash, now: now, lease: lease)
            if lease != nil { leasedIDs.append(id) }
        }
        return (seq, leasedIDs)
    }

    /// Inserts a delivery due now, or leased under `lease` (as a claim leases it); returns its id.
    @discardableResult
    static func insertDelivery(
        _ db: Database, eventSeq: Int64, hook: HookTarget, storeHash: String, now: Int64, lease: PublishLease? = nil
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, lease_owner,
                                        next_attempt_at, created_at, updated_at, hook_limited)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            eventSeq, hook.id, storeHash, hook.clientID, hook.host, lease?.node, lease?.leaseUntil ?? now, now, now,
            hook.settings.limitsClaims,
        ])
        return db.lastInsertedRowID
    }
}
