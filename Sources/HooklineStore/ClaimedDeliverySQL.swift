/// The SQL, the same in both stores, that reads leased deliveries (table or CTE aliased `d`) with
/// everything their attempts need: the event's payload, the webhook, the account's secret, and
/// whether the destination's domain is blocked.
enum ClaimedDeliverySQL {
    /// The select list, in the column names the stores' row readers expect.
    static let columns = """
        d.id, d.event_seq, d.hook_id, d.store_hash, d.client_id, d.host, d.attempts, e.event_id, e.payload,
        h.destination, h.headers, h.status, h.scope, a.client_secret, b.blocked_until
        """

    /// The joins after `FROM … d`. It ends with `b.blocked_until >`: the caller appends the current
    /// time in Unix seconds (a parameter), so that only blocks still in force are read.
    static let joins = """
        JOIN events e ON e.seq = d.event_seq
        LEFT JOIN hooks h ON h.id = d.hook_id
        LEFT JOIN api_accounts a ON a.client_id = d.client_id
        LEFT JOIN blocked_domains b ON b.client_id = d.client_id AND b.host = d.host AND b.blocked_until >
        """
}
