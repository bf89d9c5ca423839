/// A delivery's current state, for the operator.
public struct DeliveryRecord: Sendable, Equatable {
    /// The delivery's id.
    public var id: Int64
    /// The publisher's event id.
    public var eventID: String
    /// The webhook.
    public var hookID: Int64
    /// Where it stands.
    public var state: DeliveryState
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due (or the current lease ends), Unix ms; meaningful while pending.
    public var nextAttemptAt: Int64
    /// The last attempt's HTTP status, if any.
    public var lastStatus: Int?
    /// The last attempt's error class, if any.
    public var lastError: String?

    /// Creates a record.
    public init(
        id: Int64, eventID: String, hookID: Int64, state: DeliveryState, attempts: Int, nextAttemptAt: Int64, lastStatus: Int?,
        lastError: String?
    ) {
        self.id = id
        self.eventID = eventID
        self.hookID = hookID
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}
