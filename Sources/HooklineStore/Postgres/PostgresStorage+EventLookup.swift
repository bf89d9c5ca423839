import PostgresNIO

extension PostgresStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        try await row(DeliveryLogSQL.eventExists(storeHash: storeHash, eventID: eventID)) != nil
    }
}
