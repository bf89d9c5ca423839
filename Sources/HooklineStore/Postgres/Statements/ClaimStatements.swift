import PostgresNIO

/// How a claim reads its `due` rows (id, host, next_attempt_at: locked candidates): the part of
/// the claim statement that differs between its two forms.
protocol ClaimDueRows {
    /// The claim statement with this `due` part.
    static var claimSQL: String { get }
}

/// Leases due deliveries for a node, in one statement, as `PostgresStorage.claimDeliveries` says;
/// returns the leased deliveries with everything their attempts need (`ClaimedDeliverySQL.columns`),
/// in id order. `Due` says how the candidates are read.
struct ClaimStatement<Due: ClaimDueRows>: PostgresNamedStatement {
    static var sql: String { Due.claimSQL }

    /// Now (Unix ms): deliveries due by then are candidates.
    var now: Int64
    /// Hosts whose deliveries are not claimed.
    var excludedHosts: [String]
    /// At most this many deliveries per host, and this many in all.
    var perHostLimit: Int64
    var limit: Int64
    /// The node leasing them, and until when (Unix ms).
    var node: String
    var leaseUntil: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(now)
        bindings.append(excludedHosts)
        bindings.append(perHostLimit)
        bindings.append(limit)
        bindings.append(node)
        bindings.append(leaseUntil)
        bindings.append(now / 1000)
        return bindings
    }

    /// The claim statement around its `due` rows. Parameters: $1 now, $2 the excluded hosts, $3 the
    /// per-host limit, $4 the limit, $5 the node, $6 the lease's end, $7 now in Unix seconds.
    /// One statement: lock due rows other nodes are not claiming (SKIP LOCKED), keep at most
    /// perHostLimit per host, lease them by moving next_attempt_at to the lease's end, and read
    /// what the attempts need. The row locks end with the statement.
    static func sql(due: String) -> String {
        """
        WITH RECURSIVE \(due), chosen AS (
            SELECT id FROM (
                SELECT id, next_attempt_at,
                       ROW_NUMBER() OVER (PARTITION BY host ORDER BY next_attempt_at, id) AS host_rank
                FROM due
            ) ranked
            WHERE host_rank <= $3::bigint
            ORDER BY next_attempt_at, id
            LIMIT $4::bigint
        ), claimed AS (
            UPDATE deliveries d SET lease_owner = $5::text, next_attempt_at = $6::bigint
            FROM chosen WHERE d.id = chosen.id
            RETURNING d.id, d.event_seq, d.hook_id, d.store_hash, d.client_id, d.host, d.attempts
        )
        SELECT \(ClaimedDeliverySQL.columns)
        FROM claimed d
        \(ClaimedDeliverySQL.joins) $7::bigint
        ORDER BY d.id
        """
    }
}

/// Due rows in due-time order, up to 4 × the limit: one index range. For claims without excluded hosts.
enum DueInTimeOrder: ClaimDueRows {
    static let claimSQL = ClaimStatement<Self>.sql(
        due: """
            due AS MATERIALIZED (
                SELECT id, host, next_attempt_at FROM deliveries
                WHERE state = 'pending' AND NOT hook_limited AND next_attempt_at <= $1::bigint AND host <> ALL($2::text[])
                ORDER BY next_attempt_at
                LIMIT $4::bigint * 4
                FOR UPDATE SKIP LOCKED
            )
            """)
}

/// Due rows read host by host through `deliveries_host_due`, up to the per-host limit each, for
/// the hosts not excluded. In due-time order, a claim would first step over every due row of the
/// excluded hosts, and a hanging destination's can be nearly all of them (30,000 rows: 11 ms per
/// claim, growing with them; host by host: 0.4 ms). The hosts with pending rows are listed by
/// skipping through the index. `host = ANY(ARRAY[…])` and ordering by host keep the planner on
/// that index: with `host = …` it takes `deliveries_due` and filters, since its statistics count
/// a host's finished deliveries too. Its cost grows with the hosts that have pending deliveries
/// (a few index probes each), so claims without excluded hosts keep the time-ordered read.
enum DueByHost: ClaimDueRows {
    static let claimSQL = ClaimStatement<Self>.sql(
        due: """
            pending_hosts(host) AS (
                SELECT MIN(host) FROM deliveries WHERE state = 'pending' AND NOT hook_limited
                UNION ALL
                SELECT (SELECT MIN(d.host) FROM deliveries d
                        WHERE d.state = 'pending' AND NOT d.hook_limited AND d.host > pending_hosts.host)
                FROM pending_hosts WHERE pending_hosts.host IS NOT NULL
            ), due AS MATERIALIZED (
                SELECT candidate.id, candidate.host, candidate.next_attempt_at
                FROM pending_hosts CROSS JOIN LATERAL (
                    SELECT id, host, next_attempt_at FROM deliveries
                    WHERE state = 'pending' AND NOT hook_limited AND host = ANY(ARRAY[pending_hosts.host])
                      AND next_attempt_at <= $1::bigint
                    ORDER BY host, next_attempt_at
                    LIMIT LEAST($3::bigint, $4::bigint)
                    FOR UPDATE SKIP LOCKED
                ) candidate
                WHERE pending_hosts.host IS NOT NULL AND pending_hosts.host <> ALL($2::text[])
            )
            """)
}

/// When the earliest pending delivery falls due (`due`, Unix ms; NULL if none).
struct NextDueStatement: PostgresNamedStatement {
    static let sql = QueueSQL.nextDueText

    func makeBindings() -> PostgresBindings { PostgresBindings() }
}

/// The webhooks with pending limited deliveries (`LimitedClaimSQL.hooks`), run before every claim:
/// a named statement, since planning it cost several times running it (0.3 ms against 0.06 ms
/// with none pending).
struct LimitedHooksStatement: PostgresNamedStatement {
    static let sql = SQLDialect.postgres.render(LimitedClaimSQL.hooks.sql)

    func makeBindings() -> PostgresBindings { PostgresBindings() }
}

/// Of the webhooks `hookIDs`, those whose claim advisory lock (`LockNamespace.limitedHook`, keyed by
/// the id's text, as `PostgresSession.tryLock` keys it) this transaction took (`hook_id`): the others
/// are being claimed by another node right now, and are skipped.
struct LockLimitedHooksStatement: PostgresNamedStatement {
    static let sql = """
        SELECT hook_id FROM unnest($1::bigint[]) AS l(hook_id)
        WHERE pg_try_advisory_xact_lock($2::integer, hashtext(hook_id::text))
        """

    var hookIDs: [Int64]

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(hookIDs)
        bindings.append(PostgresSchema.LockNamespace.limitedHook.rawValue)
        return bindings
    }
}

/// For each of the webhooks `hookIDs`: how many of its deliveries are leased at `now` (`in_flight`),
/// and its earliest pending delivery (`id`, `host`, `next_attempt_at`; NULL if none), in one
/// statement whatever the number of webhooks. Run once their locks are held, so the counts include
/// every lease another node committed before.
struct LimitedHookStatesStatement: PostgresNamedStatement {
    static let sql = """
        SELECT s.hook_id, s.in_flight, d.id, d.host, d.next_attempt_at
        FROM (
            SELECT l.hook_id,
                   (SELECT COUNT(*) FROM deliveries f
                    WHERE f.hook_id = l.hook_id AND f.state = 'pending' AND f.hook_limited AND f.lease_owner IS NOT NULL
                      AND f.next_attempt_at > $2::bigint) AS in_flight,
                   (SELECT h.id FROM deliveries h WHERE h.hook_id = l.hook_id AND h.state = 'pending' AND h.hook_limited
                    ORDER BY h.event_seq, h.id LIMIT 1) AS head_id
            FROM unnest($1::bigint[]) AS l(hook_id)
        ) s
        LEFT JOIN deliveries d ON d.id = s.head_id
        """

    var hookIDs: [Int64]
    /// Now (Unix ms).
    var now: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(hookIDs)
        bindings.append(now)
        return bindings
    }
}
