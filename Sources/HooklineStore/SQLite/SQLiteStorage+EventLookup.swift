import GRDB

extension SQLiteStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE store_hash = ? AND event_id = ?)",
                arguments: [storeHash, eventID]) ?? false
        }
    }
}
