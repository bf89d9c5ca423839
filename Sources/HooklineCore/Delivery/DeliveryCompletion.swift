/// How an attempt at a claimed delivery ended, to be written back in a batch.
public struct DeliveryCompletion: Sendable, Equatable {
    /// The delivery as claimed.
    public var delivery: ClaimedDelivery
    /// What came of it.
    public var outcome: Outcome

    /// Creates a completion.
    public init(delivery: ClaimedDelivery, outcome: Outcome) {
        self.delivery = delivery
        self.outcome = outcome
    }

    /// What came of a claimed delivery.
    public enum Outcome: Sendable, Equatable {
        /// A request was made (or refused before sending: forbidden address, blocked domain); record it and apply the decision.
        case attempted(AttemptResult, DeliveryDecision)
        /// The webhook is inactive, deleted, or its account revoked: drop the delivery without sending.
        case cancelled
        /// Not attempted (shutting down, or no capacity): give the lease back untouched.
        case released
    }
}
