/// The SQL, the same in both stores, that reads leased deliveries (table or CTE aliased `d`) with
/// everything their attempts need: the event's payload, the webhook, the account's secret, and
/// whether the destination's domain is blocked, and the webhook's delivery settings.
enum ClaimedDeliverySQL {
    /// The select list: every `Column`, in order.
    static let columns = Column.allCases.map(\.expression).joined(separator: ", ")

    /// The columns of the select list; a column's raw value is its position, so that a row reader
    /// can read by position (SQLite's rows find a name by comparing it, case-insensitively, with
    /// each column's).
    enum Column: Int, CaseIterable {
        case id, eventSeq, hookID, storeHash, clientID, host, attempts, eventID, payload
        case destination, headers, status, scope, clientSecret, blockedUntil, previousSecret, previousSecretExpiresAt
        case ordering, maxPerSecond, maxInFlight

        /// The expression selected, whose column name is the one row readers use by name.
        var expression: String {
            switch self {
            case .id: "d.id"
            case .eventSeq: "d.event_seq"
            case .hookID: "d.hook_id"
            case .storeHash: "d.store_hash"
            case .clientID: "d.client_id"
            case .host: "d.host"
            case .attempts: "d.attempts"
            case .eventID: "e.event_id"
            case .payload: "e.payload"
            case .destination: "h.destination"
            case .headers: "h.headers"
            case .status: "h.status"
            case .scope: "h.scope"
            case .clientSecret: "a.client_secret"
            case .blockedUntil: "b.blocked_until"
            case .previousSecret: "a.previous_client_secret"
            case .previousSecretExpiresAt: "a.previous_secret_expires_at"
            case .ordering: "h.ordering"
            case .maxPerSecond: "h.max_per_second"
            case .maxInFlight: "h.max_in_flight"
            }
        }

        /// The name of the column selected.
        var name: String { String(expression.split(separator: ".").last!) }
    }

    /// The joins after `FROM … d`. It ends with `b.blocked_until >`: the caller appends the current
    /// time in Unix seconds (a parameter), so that only blocks still in force are read.
    static let joins = """
        JOIN events e ON e.seq = d.event_seq
        LEFT JOIN hooks h ON h.id = d.hook_id
        LEFT JOIN api_accounts a ON a.client_id = d.client_id
        LEFT JOIN blocked_domains b ON b.client_id = d.client_id AND b.host = d.host AND b.blocked_until >
        """
}

extension ClaimedDeliverySQL {
    /// The deliveries `ids`, just leased, with everything their attempts need, in id order; `now` in
    /// Unix seconds (for the blocks in force).
    static func leased(ids: [Int64], nowSeconds: Int64, dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            """
            SELECT \(columns)
            FROM deliveries d
            \(joins) ?
            WHERE d.id IN \(dialect.idList)
            ORDER BY d.id
            """, [.integer(nowSeconds), .integers(ids)])
    }
}
