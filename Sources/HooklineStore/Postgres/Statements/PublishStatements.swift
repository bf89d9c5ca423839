import PostgresNIO

/// The id of the store with a hash (`store_id`).
struct StoreIDStatement: PostgresNamedStatement {
    static let sql = SQLDialect.postgres.render(QueueSQL.storeIDText)

    /// The store's hash.
    var storeHash: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(storeHash)
        return bindings
    }
}

/// A store's id with its active webhooks, in id order, and what their deliveries need to be sent
/// (`store_id`, `id`, `client_id`, `scope`, `destination`, `headers`, `client_secret`,
/// `previous_client_secret`, `previous_secret_expires_at`, and `HookSQL.settingsColumns`): one row per
/// webhook, one row with the webhook's columns NULL if it has none, no row if there is no such store.
struct PublishingStoreStatement: PostgresNamedStatement {
    static let sql = """
        SELECT s.store_id, h.id, h.client_id, h.scope, h.destination, h.headers, a.client_secret,
               a.previous_client_secret, a.previous_secret_expires_at, h.ordering, h.max_per_second, h.max_in_flight
        FROM stores s
        LEFT JOIN hooks h ON h.store_hash = s.store_hash AND h.status = 'active'
        LEFT JOIN api_accounts a ON a.client_id = h.client_id
        WHERE s.store_hash = $1::text
        ORDER BY h.id
        """

    /// The store's hash.
    var storeHash: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(storeHash)
        return bindings
    }
}

/// Inserts a publish batch's events and the deliveries of those that are new, in one statement, as
/// `PostgresStorage.insertEvents` says. Returns one row per event inserted (`event_id` and its
/// `event_seq`) and one per delivery leased (`leased_id`, its `event_seq` and `hook_id`; `event_id`
/// NULL).
struct InsertEventsStatement: PostgresNamedStatement {
    static let sql = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
                WITH ORDINALITY AS event(event_id, scope, payload, created_at, delivery_count, position)
        ), inserted AS (
            INSERT INTO events (store_hash, event_id, scope, payload, created_at, accepted_at, delivery_count)
            SELECT $6::text, event_id, scope, payload, created_at, $7::bigint, delivery_count
            FROM input ORDER BY position
            ON CONFLICT (store_hash, event_id) DO NOTHING
            RETURNING seq, event_id
        ), created AS (
            INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, lease_owner, next_attempt_at,
                                    created_at, updated_at, hook_limited)
            SELECT inserted.seq, target.hook_id, $6::text, target.client_id, target.host, 'pending',
                   CASE WHEN target.leased THEN $8::text END,
                   CASE WHEN target.leased THEN $9::bigint ELSE $10::bigint END, $10::bigint, $10::bigint, target.limited
            FROM unnest($11::text[], $12::bigint[], $13::text[], $14::text[], $15::boolean[], $16::boolean[])
                     WITH ORDINALITY AS target(event_id, hook_id, client_id, host, leased, limited, position)
            JOIN inserted ON inserted.event_id = target.event_id
            ORDER BY inserted.seq, target.position
            RETURNING id, event_seq, hook_id, lease_owner
        )
        SELECT event_id, seq AS event_seq, NULL::bigint AS leased_id, NULL::bigint AS hook_id FROM inserted
        UNION ALL
        SELECT NULL, event_seq, id, hook_id FROM created WHERE lease_owner IS NOT NULL
        """

    /// The events to insert, in batch order: ids, scopes, encoded payloads, creation times (Unix
    /// seconds) and how many webhooks each goes to.
    var eventIDs: [String]
    var scopes: [String]
    var payloads: [String]
    var createdAt: [Int64]
    var deliveryCounts: [Int64]
    /// The store's hash.
    var storeHash: String
    /// When the batch was accepted (Unix seconds).
    var acceptedAt: Int64
    /// The node that leases the deliveries marked as leased, and until when (Unix ms).
    var leaseNode: String
    var leaseUntil: Int64
    /// Now (Unix ms): when the deliveries not leased fall due.
    var now: Int64
    /// One entry per delivery: its event's id, webhook, account, destination host, whether the
    /// lease takes it, and whether its webhook's settings gate its claims.
    var deliveryEventIDs: [String]
    var deliveryHookIDs: [Int64]
    var deliveryClientIDs: [String]
    var deliveryHosts: [String]
    var deliveryLeased: [Bool]
    var deliveryLimited: [Bool]

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 16)
        bindings.append(eventIDs)
        bindings.append(scopes)
        bindings.append(payloads)
        bindings.append(createdAt)
        bindings.append(deliveryCounts)
        bindings.append(storeHash)
        bindings.append(acceptedAt)
        bindings.append(leaseNode)
        bindings.append(leaseUntil)
        bindings.append(now)
        bindings.append(deliveryEventIDs)
        bindings.append(deliveryHookIDs)
        bindings.append(deliveryClientIDs)
        bindings.append(deliveryHosts)
        bindings.append(deliveryLeased)
        bindings.append(deliveryLimited)
        return bindings
    }
}

/// The blocks in force on a store's accounts' destination hosts (`client_id`, `host`, `blocked_until`).
struct BlockedHostsStatement: PostgresNamedStatement {
    static let sql = "SELECT client_id, host, blocked_until FROM blocked_domains WHERE store_hash = $1::text AND blocked_until > $2::bigint"

    /// The store's hash.
    var storeHash: String
    /// Now (Unix seconds): blocks that end before it are not read.
    var nowSeconds: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(storeHash)
        bindings.append(nowSeconds)
        return bindings
    }
}
