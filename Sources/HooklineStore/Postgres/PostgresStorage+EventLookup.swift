import PostgresNIO

extension PostgresStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        try await row(DeliveryLogSQL.eventExists(storeHash: storeHash, eventID: eventID)) != nil
    }

    public func eventPayload(storeHash: String, eventID: String) async throws -> String? {
        try await row(DeliveryLogSQL.eventPayload(storeHash: storeHash, eventID: eventID))?.text("payload")
    }
}
