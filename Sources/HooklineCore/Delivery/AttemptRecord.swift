/// One attempt as the delivery log shows it.
public struct AttemptRecord: Sendable, Equatable {
    /// The attempt's id.
    public var id: Int64
    /// The delivery it belongs to.
    public var deliveryID: Int64
    /// The publisher's event id.
    public var eventID: String
    /// The webhook.
    public var hookID: Int64
    /// 1 for the first attempt of the delivery.
    public var attemptNumber: Int
    /// Whether the destination accepted it.
    public var succeeded: Bool
    /// The rest: status, error class, timing, response excerpt.
    public var result: AttemptResult
    /// The node that made it.
    public var node: String

    /// Creates a record.
    public init(
        id: Int64, deliveryID: Int64, eventID: String, hookID: Int64, attemptNumber: Int, succeeded: Bool,
        result: AttemptResult, node: String
    ) {
        self.id = id
        self.deliveryID = deliveryID
        self.eventID = eventID
        self.hookID = hookID
        self.attemptNumber = attemptNumber
        self.succeeded = succeeded
        self.result = result
        self.node = node
    }
}
