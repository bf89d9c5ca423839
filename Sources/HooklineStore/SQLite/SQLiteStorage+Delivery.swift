import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Publishing

    public func publish(_ events: [EventDraft], storeHash: String, now: Int64, lease: PublishLease?) async throws
        -> PublishedBatch
    {
        // A batch's payloads are encoded before the write transaction, on every core; a few events'
        // inside it (saving a read).
        var preencoded: (storeID: Int64, payloads: [String])?
        if events.count >= PayloadEncoding.parallelThreshold {
            guard
                let storeID = try await pool.read({ db in
                    try Int64.fetchOne(db.cachedStatement(sql: "SELECT store_id FROM stores WHERE store_hash = ?"), arguments: [storeHash])
                })
            else { throw StorageError.storeNotFound(storeHash: storeHash) }
            preencoded = (storeID, try await PayloadEncoding.encode(events, storeHash: storeHash, storeID: storeID))
        }
        return try await publishes.submit(
            PublishRequest(
                events: events, storeHash: storeHash, now: now, lease: lease, storeID: preencoded?.storeID,
                payloads: preencoded?.payloads))
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
                db.cachedStatement(sql: "SELECT store_id FROM stores WHERE store_hash = ?"), arguments: [storeHash]),
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
            if let count = try Int.fetchOne(existing, arguments: [storeHash, event.eventID]) {
                results.append(PublishedEvent(eventID: event.eventID, deliveries: count, duplicate: true))
                continue
            }
            let matching = matcher.hooks(receiving: event.scope)
            let inserted = try insertEvent(
                db, event, payload: payload, storeHash: storeHash, hooks: matching, now: request.now,
                leasing: { hook in
                    if allowance?.takes(host: hook.host) == true { return request.lease }
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
            db.cachedStatement(sql: "SELECT id, client_id, scope, destination FROM hooks WHERE store_hash = ? AND status = 'active'"),
            arguments: [storeHash]
        ).map { HookTarget(id: $0["id"], clientID: $0["client_id"], scope: $0["scope"], destination: $0["destination"]) }
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
                                        next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                """
        ).execute(arguments: [eventSeq, hook.id, storeHash, hook.clientID, hook.host, lease?.node, lease?.leaseUntil ?? now, now, now])
        return db.lastInsertedRowID
    }

    // MARK: Claiming

    /// Leases due deliveries as `HooklineStorage.claimDeliveries` says. Each destination host is read
    /// through the `deliveries_host_due` index on its own (the hosts with pending work are listed by
    /// skipping through the same index), so a host with a large backlog, or one excluded as busy,
    /// costs one index seek rather than a scan past its rows.
    public func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        guard limit > 0, perHostLimit > 0 else { return [] }
        return try await writeWithoutFsync { db in
            let hosts = try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        WITH RECURSIVE pending_hosts(host) AS (
                            SELECT MIN(host) FROM deliveries WHERE state = 'pending'
                            UNION ALL
                            SELECT (SELECT MIN(host) FROM deliveries WHERE state = 'pending' AND host > pending_hosts.host)
                            FROM pending_hosts WHERE pending_hosts.host IS NOT NULL
                        )
                        SELECT host FROM pending_hosts WHERE host IS NOT NULL
                        """))
            let dueOfHost = try db.cachedStatement(
                sql: """
                    SELECT id, next_attempt_at FROM deliveries
                    WHERE state = 'pending' AND host = ? AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """)
            var candidates: [(id: Int64, due: Int64)] = []
            for host in hosts where !excludingHosts.contains(host) {
                let rows = try Row.fetchAll(dueOfHost, arguments: [host, now, min(limit, perHostLimit)])
                candidates.append(contentsOf: rows.map { (id: $0[0], due: $0[1]) })
            }
            guard !candidates.isEmpty else { return [] }
            // The longest-waiting deliveries first, across hosts.
            let chosen = candidates.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.prefix(limit).map(\.id)
            let idList = "[" + chosen.map(String.init).joined(separator: ",") + "]"
            let ids = try Int64.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE deliveries SET lease_owner = ?, next_attempt_at = ?
                        WHERE id IN (SELECT value FROM json_each(?)) AND state = 'pending'
                        RETURNING id
                        """), arguments: [node, leaseUntil, idList])
            guard !ids.isEmpty else { return [] }
            return try Self.claimedDeliveries(db, ids: ids, now: now)
        }
    }

    private static let claimedDeliveriesSQL = """
        SELECT \(ClaimedDeliverySQL.columns)
        FROM deliveries d
        \(ClaimedDeliverySQL.joins) ?
        WHERE d.id IN (SELECT value FROM json_each(?))
        ORDER BY d.id
        """

    /// The deliveries `ids`, just leased, with everything their attempts need, in id order.
    static func claimedDeliveries(_ db: Database, ids: [Int64], now: Int64) throws -> [ClaimedDelivery] {
        let idList = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: Self.claimedDeliveriesSQL), arguments: [now / 1000, idList])
        typealias Column = ClaimedDeliverySQL.Column
        return try rows.map { row in
            let status: String? = row[Column.status.rawValue]
            let scope: String? = row[Column.scope.rawValue]
            let payload: String = row[Column.payload.rawValue]
            return ClaimedDelivery(
                deliveryID: row[Column.id.rawValue], eventSeq: row[Column.eventSeq.rawValue],
                eventID: row[Column.eventID.rawValue], hookID: row[Column.hookID.rawValue],
                owner: HookOwner(storeHash: row[Column.storeHash.rawValue], clientID: row[Column.clientID.rawValue]),
                attempt: (row[Column.attempts.rawValue] as Int) + 1, destination: row[Column.destination.rawValue],
                host: row[Column.host.rawValue], headers: try HeadersColumn.decode(row[Column.headers.rawValue]),
                hookActive: status == WebhookStatus.active.rawValue, isExceptionHook: scope == DeliveryExceptionCode.scope,
                clientSecret: row[Column.clientSecret.rawValue], payload: Data(payload.utf8),
                blockedUntil: row[Column.blockedUntil.rawValue])
        }
    }

    public func nextDeliveryDue() async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending'")
        }
    }

    // MARK: Completing

    public func completeDeliveries(_ completions: [DeliveryCompletion], node: String, rules: CompletionRules, now: Int64)
        async throws -> Int
    {
        guard !completions.isEmpty else { return 0 }
        return try await pool.write { db in
            var notices = 0
            var touched: [String: (storeHash: String, clientID: String, host: String, hookID: Int64, destination: String)] = [:]
            var tally = AttemptWindowTally()
            for completion in completions {
                let delivery = completion.delivery
                switch completion.outcome {
                case .released:
                    try db.cachedStatement(
                        sql: """
                            UPDATE deliveries SET lease_owner = NULL, next_attempt_at = ?
                            WHERE id = ? AND lease_owner = ? AND state = 'pending'
                            """
                    ).execute(arguments: [now, delivery.deliveryID, node])
                case .cancelled:
                    try db.cachedStatement(
                        sql: """
                            UPDATE deliveries SET state = 'cancelled', lease_owner = NULL, updated_at = ?
                            WHERE id = ? AND lease_owner = ? AND state = 'pending'
                            """
                    ).execute(arguments: [now, delivery.deliveryID, node])
                case .attempted(let result, let decision):
                    let destination = delivery.destination ?? ""
                    let host = delivery.host
                    try Self.insertAttempt(db, delivery: delivery, result: result, host: host, node: node)
                    tally.add(clientID: delivery.owner.clientID, host: host, result: result)
                    let applied = try Self.applyDecision(db, decision, delivery: delivery, result: result, node: node, now: now)
                    guard applied else { continue }
                    if result.errorClass != .domainBlocked {
                        touched["\(delivery.owner.clientID)\n\(host)"] = (
                            delivery.owner.storeHash, delivery.owner.clientID, host, delivery.hookID, destination
                        )
                    }
                    guard !delivery.isExceptionHook else { continue }
                    switch decision {
                    case .succeeded:
                        break
                    case .retry:
                        if result.errorClass != .domainBlocked,
                            try Self.claimRetryingNotice(
                                db, clientID: delivery.owner.clientID, destination: destination,
                                interval: rules.retryingNoticeInterval, now: now)
                        {
                            notices += try Self.enqueueNotice(db, .retrying, delivery: delivery, destination: destination, now: now)
                        }
                    case .exhausted, .gone:
                        notices += try Self.enqueueNotice(db, .retriesExhausted, delivery: delivery, destination: destination, now: now)
                    }
                }
            }
            try Self.recordWindow(db, tally)
            for target in touched.values {
                notices += try Self.updateBlocklist(
                    db, storeHash: target.storeHash, clientID: target.clientID, host: target.host, hookID: target.hookID,
                    destination: target.destination, policy: rules.blocklist, now: now)
            }
            return notices
        }
    }

    static func insertAttempt(_ db: Database, delivery: ClaimedDelivery, result: AttemptResult, host: String, node: String) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO attempts (delivery_id, event_seq, hook_id, store_hash, client_id, host, attempt_number, succeeded,
                                      status_code, error_class, error_message, response_excerpt, started_at, duration_ms, node)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            delivery.deliveryID, delivery.eventSeq, delivery.hookID, delivery.owner.storeHash, delivery.owner.clientID,
            host, delivery.attempt, result.succeeded, result.statusCode, result.errorClass?.rawValue,
            result.errorMessage, result.responseExcerpt, result.startedAtMilliseconds, result.durationMilliseconds, node,
        ])
    }

    /// Moves the delivery to its next state if `node` still holds its lease; returns whether it did.
    static func applyDecision(
        _ db: Database, _ decision: DeliveryDecision, delivery: ClaimedDelivery, result: AttemptResult, node: String,
        now: Int64
    ) throws -> Bool {
        let (state, nextAttempt): (String, Int64) =
            switch decision {
            case .succeeded: ("succeeded", now)
            case .retry(let at): ("pending", at)
            case .exhausted, .gone: ("failed", now)
            }
        try db.cachedStatement(
            sql: """
                UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, last_status = ?,
                                      last_error = ?, updated_at = ?
                WHERE id = ? AND lease_owner = ? AND state = 'pending'
                """
        ).execute(arguments: [
            state, delivery.attempt, nextAttempt, result.statusCode, result.errorClass?.rawValue, now, delivery.deliveryID,
            node,
        ])
        guard db.changesCount > 0 else { return false }
        if decision == .exhausted || decision == .gone {
            try db.cachedStatement(
                sql: "UPDATE hooks SET status = 'deactivated', updated_at = ? WHERE id = ? AND status = 'active'"
            ).execute(arguments: [now / 1000, delivery.hookID])
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO event_history (store_hash, client_id, hook_id, event_seq, created_at)
                    SELECT store_hash, client_id, id, ?, ? FROM hooks WHERE id = ? AND events_history_enabled = 1
                    """
            ).execute(arguments: [delivery.eventSeq, now / 1000, delivery.hookID])
        }
        return true
    }

    /// Whether a 90001 notice may go to this destination now; records it if so.
    static func claimRetryingNotice(_ db: Database, clientID: String, destination: String, interval: Int64, now: Int64) throws
        -> Bool
    {
        let last = try Int64.fetchOne(
            db, sql: "SELECT last_sent_at FROM exception_notices WHERE client_id = ? AND destination = ?",
            arguments: [clientID, destination])
        if let last, now / 1000 - last < interval { return false }
        try db.execute(
            sql: """
                INSERT INTO exception_notices (client_id, destination, last_sent_at) VALUES (?, ?, ?)
                ON CONFLICT (client_id, destination) DO UPDATE SET last_sent_at = excluded.last_sent_at
                """, arguments: [clientID, destination, now / 1000])
        return true
    }

    /// Creates a delivery exception notice for the client's exception hook, if it has an active one.
    static func enqueueNotice(_ db: Database, _ code: DeliveryExceptionCode, delivery: ClaimedDelivery, destination: String, now: Int64)
        throws -> Int
    {
        try enqueueNotice(
            db, code, storeHash: delivery.owner.storeHash, clientID: delivery.owner.clientID, hookID: delivery.hookID,
            destination: destination, now: now)
    }

    static func enqueueNotice(
        _ db: Database, _ code: DeliveryExceptionCode, storeHash: String, clientID: String, hookID: Int64,
        destination: String, now: Int64
    ) throws -> Int {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT h.id, h.destination, s.store_id FROM hooks h JOIN stores s ON s.store_hash = h.store_hash
                    WHERE h.store_hash = ? AND h.client_id = ? AND h.scope = ? AND h.status = 'active' LIMIT 1
                    """, arguments: [storeHash, clientID, DeliveryExceptionCode.scope])
        else { return 0 }
        let event = EventDraft(
            eventID: "hookline-notice-\(RandomIdentifier.uuid())", scope: DeliveryExceptionCode.scope,
            data: code.data(hookID: hookID, destination: destination), createdAt: now / 1000)
        let target = HookTarget(id: row["id"], clientID: clientID, scope: DeliveryExceptionCode.scope, destination: row["destination"])
        try insertEvent(db, event, storeHash: storeHash, storeID: row["store_id"], hooks: [target], now: now)
        return 1
    }

    /// Adds a batch's attempts to the blocklist's per-second window counts.
    static func recordWindow(_ db: Database, _ tally: AttemptWindowTally) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO attempt_windows (client_id, host, second, attempts, successes) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (client_id, host, second) DO UPDATE SET attempts = attempts + excluded.attempts,
                    successes = successes + excluded.successes
                """)
        for (key, counts) in tally.counts {
            try upsert.execute(arguments: [key.clientID, key.host, key.second, counts.attempts, counts.successes])
        }
    }

    /// Re-evaluates the client's window for a host and blocks it if the rule says so; returns notices created.
    static func updateBlocklist(
        _ db: Database, storeHash: String, clientID: String, host: String, hookID: Int64, destination: String,
        policy: BlocklistPolicy, now: Int64
    ) throws -> Int {
        let since = now - policy.windowSeconds * 1000
        let firstSecond = AttemptWindowTally.windowStart(now: now, policy: policy)
        try db.cachedStatement(sql: "DELETE FROM attempt_windows WHERE client_id = ? AND host = ? AND second < ?")
            .execute(arguments: [clientID, host, firstSecond])
        let window = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(SUM(attempts), 0) AS total, COALESCE(SUM(successes), 0) AS successes FROM attempt_windows
                    WHERE client_id = ? AND host = ? AND second >= ?
                    """), arguments: [clientID, host, firstSecond])
        let total: Int = window?["total"] ?? 0
        let successes: Int = window?["successes"] ?? 0
        guard policy.shouldBlock(attempts: total, successes: successes) else { return 0 }
        let alreadyBlocked = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM blocked_domains WHERE client_id = ? AND host = ? AND blocked_until > ?",
            arguments: [clientID, host, now / 1000])
        guard alreadyBlocked == nil else { return 0 }
        let reasons = try Row.fetchAll(
            db,
            sql: """
                SELECT CASE WHEN status_code IS NOT NULL THEN 'HTTP ' || status_code ELSE error_class END AS description,
                       COUNT(*) AS count, MAX(started_at) / 1000 AS timestamp
                FROM attempts
                WHERE client_id = ? AND host = ? AND started_at >= ? AND succeeded = 0
                  AND (error_class IS NULL OR error_class <> 'domain_blocked')
                GROUP BY description ORDER BY count DESC
                """, arguments: [clientID, host, since]
        ).map { BlockedDomain.Reason(failure_description: $0["description"] ?? "failure", count: $0["count"], timestamp: $0["timestamp"]) }
        let reasonsJSON = String(decoding: try JSONEncoder().encode(reasons), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO blocked_domains (store_hash, client_id, host, destination, blocked_until, reasons)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (client_id, host) DO UPDATE SET destination = excluded.destination,
                    blocked_until = excluded.blocked_until, reasons = excluded.reasons
                """, arguments: [storeHash, clientID, host, destination, now / 1000 + policy.blockSeconds, reasonsJSON])
        return try enqueueNotice(
            db, .domainBlocked, storeHash: storeHash, clientID: clientID, hookID: hookID, destination: destination, now: now)
    }

    // MARK: Delivery log and operator actions

    public func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord> {
        try await pool.read { db in
            var conditions = ["a.store_hash = ?"]
            var arguments: StatementArguments = [filter.storeHash]
            if let hookID = filter.hookID {
                conditions.append("a.hook_id = ?")
                _ = arguments.append(contentsOf: [hookID])
            }
            if let eventID = filter.eventID {
                conditions.append("a.event_seq = (SELECT seq FROM events WHERE store_hash = ? AND event_id = ?)")
                _ = arguments.append(contentsOf: [filter.storeHash, eventID])
            }
            if let succeeded = filter.succeeded {
                conditions.append("a.succeeded = ?")
                _ = arguments.append(contentsOf: [succeeded])
            }
            if let startedFrom = filter.startedFrom {
                conditions.append("a.started_at >= ?")
                _ = arguments.append(contentsOf: [startedFrom])
            }
            if let startedBefore = filter.startedBefore {
                conditions.append("a.started_at < ?")
                _ = arguments.append(contentsOf: [startedBefore])
            }
            let whereClause = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempts a WHERE \(whereClause)", arguments: arguments) ?? 0
            _ = arguments.append(contentsOf: [page.limit, page.offset])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.*, e.event_id FROM attempts a JOIN events e ON e.seq = a.event_seq
                    WHERE \(whereClause) ORDER BY a.id DESC LIMIT ? OFFSET ?
                    """, arguments: arguments)
            let records = rows.map { row in
                AttemptRecord(
                    id: row["id"], deliveryID: row["delivery_id"], eventID: row["event_id"], hookID: row["hook_id"],
                    attemptNumber: row["attempt_number"], succeeded: row["succeeded"],
                    result: AttemptResult(
                        statusCode: row["status_code"], errorClass: (row["error_class"] as String?).flatMap(AttemptErrorClass.init),
                        errorMessage: row["error_message"], responseExcerpt: row["response_excerpt"],
                        startedAtMilliseconds: row["started_at"], durationMilliseconds: row["duration_ms"]),
                    node: row["node"])
            }
            return Page(items: records, total: total, request: page)
        }
    }

    public func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state, lease_owner, next_attempt_at FROM deliveries WHERE id = ? AND store_hash = ?",
                    arguments: [id, storeHash])
            else { return .notFound }
            let state: String = row["state"]
            let leaseOwner: String? = row["lease_owner"]
            let leaseEnd: Int64 = row["next_attempt_at"]
            if state == "pending", leaseOwner != nil, leaseEnd > now { return .inFlight }
            try db.execute(
                sql: """
                    UPDATE deliveries SET state = 'pending', next_attempt_at = ?, lease_owner = NULL, updated_at = ?
                    WHERE id = ?
                    """, arguments: [now, now, id])
            return .scheduled
        }
    }

    public func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, client_id, scope, destination FROM hooks WHERE id = ? AND store_hash = ?",
                    arguments: [hookID, storeHash])
            else { return 0 }
            let hook = HookTarget(id: row["id"], clientID: row["client_id"], scope: row["scope"], destination: row["destination"])
            let events = try Row.fetchAll(
                db,
                sql: "SELECT seq, scope FROM events WHERE store_hash = ? AND created_at BETWEEN ? AND ? AND scope <> ? ORDER BY seq",
                arguments: [storeHash, since, until, DeliveryExceptionCode.scope])
            var count = 0
            for event in events where ScopeCatalog.matches(subscription: hook.scope, event: event["scope"]) {
                try Self.insertDelivery(db, eventSeq: event["seq"], hook: hook, storeHash: storeHash, now: now)
                count += 1
            }
            return count
        }
    }

    public func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord] {
        try await pool.read { db in
            var conditions = ["d.store_hash = ?"]
            var arguments: StatementArguments = [storeHash]
            if let id {
                conditions.append("d.id = ?")
                _ = arguments.append(contentsOf: [id])
            }
            if let eventID {
                conditions.append("e.event_id = ?")
                _ = arguments.append(contentsOf: [eventID])
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, e.event_id FROM deliveries d JOIN events e ON e.seq = d.event_seq
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY d.id LIMIT 1000
                    """, arguments: arguments
            ).map { row in
                DeliveryRecord(
                    id: row["id"], eventID: row["event_id"], hookID: row["hook_id"], state: row["state"],
                    attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastStatus: row["last_status"],
                    lastError: row["last_error"])
            }
        }
    }

    public func hook(id: Int64, storeHash: String) async throws -> Webhook? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM hooks WHERE id = ? AND store_hash = ?", arguments: [id, storeHash])
                .map(Self.hook)
        }
    }

    // MARK: Client views

    public func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    {
        try await pool.read { db in
            let filter = """
                FROM events e WHERE e.seq IN (SELECT event_seq FROM event_history WHERE store_hash = ? AND client_id = ?)
                AND e.created_at >= ? AND e.created_at <= ?
                """
            let arguments: StatementArguments = [
                owner.storeHash, owner.clientID, createdFrom ?? Int64.min, createdTo ?? Int64.max,
            ]
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(filter)", arguments: arguments) ?? 0
            let payloads = try String.fetchAll(
                db, sql: "SELECT e.payload \(filter) ORDER BY e.seq LIMIT ? OFFSET ?",
                arguments: arguments + [page.limit, page.offset])
            return Page(items: payloads, total: total, request: page)
        }
    }

    public func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT host, destination, blocked_until, reasons FROM blocked_domains
                    WHERE store_hash = ? AND client_id = ? AND blocked_until > ? ORDER BY host
                    """, arguments: [owner.storeHash, owner.clientID, now / 1000]
            ).map { row in
                let reasons = try JSONDecoder().decode([BlockedDomain.Reason].self, from: Data((row["reasons"] as String).utf8))
                return BlockedDomain(host: row["host"], destination: row["destination"], blockedUntil: row["blocked_until"], reasons: reasons)
            }
        }
    }
}
