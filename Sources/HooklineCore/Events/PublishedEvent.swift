/// What publishing one event did.
public struct PublishedEvent: Sendable, Equatable {
    /// The event's id (the publisher's or a generated one).
    public var eventID: String
    /// Deliveries created, one per matching active webhook (for a duplicate: those of the first publish).
    public var deliveries: Int
    /// Whether an event with this id had already been accepted, so nothing was created now.
    public var duplicate: Bool

    /// Creates a result.
    public init(eventID: String, deliveries: Int, duplicate: Bool) {
        self.eventID = eventID
        self.deliveries = deliveries
        self.duplicate = duplicate
    }
}
