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
    /// Only attempts started at or after this time, Unix ms.
    public var startedFrom: Int64?
    /// Only attempts started before this time, Unix ms.
    public var startedBefore: Int64?
    /// Only this delivery's attempts.
    public var deliveryID: Int64?

    /// Creates a filter.
    public init(
        storeHash: String, hookID: Int64? = nil, eventID: String? = nil, succeeded: Bool? = nil,
        startedFrom: Int64? = nil, startedBefore: Int64? = nil, deliveryID: Int64? = nil
    ) {
        self.deliveryID = deliveryID
        self.storeHash = storeHash
        self.hookID = hookID
        self.eventID = eventID
        self.succeeded = succeeded
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
    }
}
