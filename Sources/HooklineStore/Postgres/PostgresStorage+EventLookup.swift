import PostgresNIO

extension PostgresStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        try await row("SELECT 1 AS found FROM events WHERE store_hash = \(storeHash) AND event_id = \(eventID)") != nil
    }
}
