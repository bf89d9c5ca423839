/// Schema statements both stores' migrations run as written.
enum SchemaSQL {
    /// The indexes of deliveries whose webhook's settings gate claims (`hook_limited`): a webhook's
    /// pending ones in event order (its FIFO head first), those leased, and those waiting for a retry
    /// (by due time, for the engine's next wake-up).
    static let limitedDeliveryIndexes = [
        "CREATE INDEX deliveries_limited ON deliveries(hook_id, event_seq, id) WHERE state = 'pending' AND hook_limited",
        """
        CREATE INDEX deliveries_limited_leased ON deliveries(hook_id)
        WHERE state = 'pending' AND hook_limited AND lease_owner IS NOT NULL
        """,
        """
        CREATE INDEX deliveries_limited_retrying ON deliveries(next_attempt_at)
        WHERE state = 'pending' AND hook_limited AND attempts > 0
        """,
    ]

    /// Marks the deliveries of rate-limited webhooks as gated (`hook_limited`), as
    /// `HookDeliverySettings.limitsClaims` has said since `max_per_second` gates claims too; finished
    /// ones as well, as `HookSQL.markDeliveries` does.
    static let markRateLimitedDeliveries = """
        UPDATE deliveries SET hook_limited = TRUE
        WHERE NOT hook_limited AND hook_id IN (SELECT id FROM hooks WHERE max_per_second IS NOT NULL)
        """
}
