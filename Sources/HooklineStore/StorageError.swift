/// A storage operation refused because of the data, not because the database failed.
public enum StorageError: Error, Sendable, Equatable {
    /// A store with this hash already exists.
    case storeExists(storeHash: String)
    /// No store has this hash.
    case storeNotFound(storeHash: String)
    /// The owner already has a webhook with this scope and destination.
    case duplicateHook(scope: String, destination: String)
    /// The owner already has the most webhooks allowed for this scope.
    case hookLimitReached(scope: String, limit: Int)
}
