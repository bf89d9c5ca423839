import GRDB

extension SQLiteStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        try await pool.read { db in
            try Row.fetchOne(db, sql: EventLookupSQL.exists, arguments: [storeHash, eventID]) != nil
        }
    }
}
