/// Which attempts to list.
public struct AttemptFilter: Sendable, Equatable {
    /// The store (always required).
    public var storeHash: String
    /// Only this webhook's attempts.
    public var hookID: Int64?
    /// Only this event's attempts (publisher's id).
    public var eventID: String?
    /// Only successes (`true`) or failures (`false`).
    public var succeeded: Bool?

    /// Creates a filter.
    public init(storeHash: String, hookID: Int64? = nil, eventID: String? = nil, succeeded: Bool? = nil) {
        self.storeHash = storeHash
        self.hookID = hookID
        self.eventID = eventID
        self.succeeded = succeeded
    }
}
