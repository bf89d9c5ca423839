import HooklineCore
import PostgresNIO

/// Records attempts in the attempt log, in one statement (a completion plan's `attempts`).
/// Absent values travel as sentinels (-1, empty text) turned back into NULL, as the arrays are of
/// non-optional values.
struct InsertAttemptsStatement: PostgresNamedStatement {
    static let sql = """
        INSERT INTO attempts (delivery_id, event_seq, hook_id, store_hash, client_id, host, attempt_number, succeeded,
                              status_code, error_class, error_message, response_excerpt, started_at, duration_ms, node)
        SELECT delivery_id, event_seq, hook_id, store_hash, client_id, host, attempt_number, succeeded,
               NULLIF(status_code, -1), NULLIF(error_class, ''), NULLIF(error_message, ''), NULLIF(response_excerpt, ''),
               started_at, duration_ms, $15::text
        FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                    $8::boolean[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::bigint[], $14::bigint[])
             AS a(delivery_id, event_seq, hook_id, store_hash, client_id, host, attempt_number, succeeded, status_code,
                  error_class, error_message, response_excerpt, started_at, duration_ms)
        """

    /// The attempts: the delivery each was of (and its host), and what happened.
    var attempts: [CompletionPlan.Attempt]
    /// The node that made them.
    var node: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 15)
        bindings.append(attempts.map(\.delivery.deliveryID))
        bindings.append(attempts.map(\.delivery.eventSeq))
        bindings.append(attempts.map(\.delivery.hookID))
        bindings.append(attempts.map(\.delivery.owner.storeHash))
        bindings.append(attempts.map(\.delivery.owner.clientID))
        bindings.append(attempts.map(\.delivery.host))
        bindings.append(attempts.map { Int64($0.delivery.attempt) })
        bindings.append(attempts.map(\.result.succeeded))
        bindings.append(attempts.map { Int64($0.result.statusCode ?? -1) })
        bindings.append(attempts.map { $0.result.errorClass?.rawValue ?? "" })
        bindings.append(attempts.map { $0.result.errorMessage ?? "" })
        bindings.append(attempts.map { $0.result.responseExcerpt ?? "" })
        bindings.append(attempts.map(\.result.startedAtMilliseconds))
        bindings.append(attempts.map(\.result.durationMilliseconds))
        bindings.append(node)
        return bindings
    }
}

/// Moves deliveries to their next state where a node still holds their lease, in one statement;
/// returns the ids it moved (`id`).
struct ApplyDecisionsStatement: PostgresNamedStatement {
    static let sql = """
        UPDATE deliveries d SET state = u.state, attempts = u.attempt, next_attempt_at = u.next_attempt_at,
                                lease_owner = NULL, last_status = NULLIF(u.status, -1), last_error = NULLIF(u.error, ''),
                                updated_at = $7::bigint
        FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[])
             AS u(id, state, attempt, next_attempt_at, status, error)
        WHERE d.id = u.id AND d.lease_owner = $8::text AND d.state = 'pending'
        RETURNING d.id
        """

    /// The moves, in the plan's order.
    var moves: [DeliveryMove]
    /// Now (Unix ms).
    var now: Int64
    /// The node that must still hold the leases.
    var node: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(moves.map(\.deliveryID))
        bindings.append(moves.map(\.state.rawValue))
        bindings.append(moves.map { Int64($0.attempts) })
        bindings.append(moves.map(\.nextAttemptAt))
        bindings.append(moves.map { Int64($0.lastStatus ?? -1) })
        bindings.append(moves.map { $0.lastError ?? "" })
        bindings.append(now)
        bindings.append(node)
        return bindings
    }
}

/// Adds attempts and successes to the blocklist's per-second window counts, in one statement.
struct RecordWindowStatement: PostgresNamedStatement {
    static let sql = """
        INSERT INTO attempt_windows (client_id, host, second, attempts, successes)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
        ON CONFLICT (client_id, host, second) DO UPDATE SET attempts = attempt_windows.attempts + EXCLUDED.attempts,
            successes = attempt_windows.successes + EXCLUDED.successes
        """

    /// The counts, in key order.
    var entries: [(key: AttemptWindowTally.Key, value: AttemptWindowTally.Counts)]

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(entries.map(\.key.clientID))
        bindings.append(entries.map(\.key.host))
        bindings.append(entries.map(\.key.second))
        bindings.append(entries.map { Int64($0.value.attempts) })
        bindings.append(entries.map { Int64($0.value.successes) })
        return bindings
    }
}

/// A client's attempts and successes for a host within its window (`total`, `successes`); drops the
/// counts from before the window, in the same statement (the two touch different rows).
struct WindowTotalsStatement: PostgresNamedStatement {
    static let sql = """
        WITH trimmed AS (
            DELETE FROM attempt_windows WHERE client_id = $1::text AND host = $2::text AND second < $3::bigint
        )
        SELECT COALESCE(SUM(attempts), 0)::bigint AS total, COALESCE(SUM(successes), 0)::bigint AS successes
        FROM attempt_windows WHERE client_id = $1::text AND host = $2::text AND second >= $3::bigint
        """

    var clientID: String
    var host: String
    /// The window's first second (Unix seconds).
    var firstSecond: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(clientID)
        bindings.append(host)
        bindings.append(firstSecond)
        return bindings
    }
}

/// Takes a transaction-scoped advisory lock on a key in a namespace, waiting for it.
struct AdvisoryLockStatement: PostgresNamedStatement {
    static let sql = "SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text))"

    var namespace: Int32
    var key: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(namespace)
        bindings.append(key)
        return bindings
    }
}
