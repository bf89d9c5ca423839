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
    /// The owner already has a delivery exception hook (one per store and client).
    case exceptionHookExists
    /// A delivery exception hook must not share its destination with the client's other webhooks.
    case exceptionHookDestinationShared(destination: String)
    /// An inbound source with this name already exists.
    case inboundSourceExists(name: String)
}

/// What asking for a delivery to be retried now did.
public enum DeliveryRetryOutcome: Sendable, Equatable {
    /// The delivery is due now.
    case scheduled
    /// The delivery is being attempted right now; nothing changed.
    case inFlight
    /// The store has no such delivery.
    case notFound
}
