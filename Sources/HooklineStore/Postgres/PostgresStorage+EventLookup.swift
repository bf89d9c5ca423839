import PostgresNIO

extension PostgresStorage {
    public func eventExists(storeHash: String, eventID: String) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(storeHash)
        binds.append(eventID)
        return try await row(PostgresQuery(unsafeSQL: EventLookupSQL.exists, binds: binds)) != nil
    }
}
