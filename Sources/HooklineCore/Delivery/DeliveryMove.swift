/// An attempted delivery's next state, written only if the completing node still holds its lease.
public struct DeliveryMove: Sendable, Equatable {
    /// The delivery.
    public var deliveryID: Int64
    /// Its next state (`pending` for a retry).
    public var state: DeliveryState
    /// Attempts made, this one included.
    public var attempts: Int
    /// When it is next due (Unix ms): the retry's time, else now.
    public var nextAttemptAt: Int64
    /// The attempt's HTTP status, if any.
    public var lastStatus: Int?
    /// The attempt's error class, if any.
    public var lastError: String?

    /// The move after `decision` on an attempt at `delivery` that came to `result`, at `now` (Unix ms).
    public init(delivery: ClaimedDelivery, result: AttemptResult, decision: DeliveryDecision, now: Int64) {
        deliveryID = delivery.deliveryID
        (state, nextAttemptAt) =
            switch decision {
            case .succeeded: (.succeeded, now)
            case .retry(let at): (.pending, at)
            case .exhausted, .gone: (.failed, now)
            }
        attempts = delivery.attempt
        lastStatus = result.statusCode
        lastError = result.errorClass?.rawValue
    }
}
