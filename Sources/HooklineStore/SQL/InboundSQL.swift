import HooklineCore

/// The statements both stores run, as written, for inbound sources and the dedupe keys events
/// are published with (`EventDraft.dedupeKeys`).
enum InboundSQL {
    /// Saves a source unless one has its name; returns a row (`name`) only if it was saved. The
    /// caller has checked, in the same transaction, that its store exists.
    static func createSource(_ source: InboundSource) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO inbound_sources (name, store_hash, secret, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO NOTHING RETURNING name
            """, [.text(source.name), .text(source.storeHash), .text(source.secret), .integer(source.createdAt)])
    }

    /// Every source, by name (`InboundSource` rows).
    static let sources = SQLStatement("SELECT * FROM inbound_sources ORDER BY name")

    /// The source with this name.
    static func source(name: String) -> SQLStatement {
        SQLStatement("SELECT * FROM inbound_sources WHERE name = ?", [.text(name)])
    }

    /// Deletes a source; returns a row (`name`) only if there was one.
    static func deleteSource(name: String) -> SQLStatement {
        SQLStatement("DELETE FROM inbound_sources WHERE name = ? RETURNING name", [.text(name)])
    }

    /// The event the first of `keys` already held in the store was written with (`event_id`), and
    /// that event's delivery count (`delivery_count`, NULL once retention removed the event).
    static func keyedEvent(storeHash: String, keys: [String]) -> SQLStatement {
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        return SQLStatement(
            """
            SELECT k.event_id, e.delivery_count FROM event_keys k
            LEFT JOIN events e ON e.store_hash = k.store_hash AND e.event_id = k.event_id
            WHERE k.store_hash = ? AND k.dedupe_key IN (\(placeholders))
            ORDER BY k.id LIMIT 1
            """, [.text(storeHash)] + keys.map { .text($0) })
    }

    /// Records `keys` as belonging to the event `eventID`, leaving any key already held as it is;
    /// `now` is Unix seconds (what retention goes by).
    static func recordKeys(storeHash: String, keys: [String], eventID: String, now: Int64) -> SQLStatement {
        let rows = Array(repeating: "(?, ?, ?, ?)", count: keys.count).joined(separator: ", ")
        return SQLStatement(
            """
            INSERT INTO event_keys (store_hash, dedupe_key, event_id, created_at) VALUES \(rows)
            ON CONFLICT (store_hash, dedupe_key) DO NOTHING
            """, keys.flatMap { [.text(storeHash), .text($0), .text(eventID), .integer(now)] })
    }
}
