import GRDB

extension SQLiteStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        try await pool.read { db in try db.row(DeliveryLogSQL.eventExists(storeHash: storeHash, eventID: eventID)) != nil }
    }

    public func eventPayload(storeHash: String, eventID: String) async throws -> String? {
        try await pool.read { db in try db.row(DeliveryLogSQL.eventPayload(storeHash: storeHash, eventID: eventID))?.text("payload") }
    }
}
