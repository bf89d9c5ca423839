/// What a completion batch writes once its moves are applied.
public struct CompletionFollowUp: Sendable, Equatable {
    /// Deactivations and notices, in the order to write them.
    public var steps: [Step] = []
    /// The client hosts whose blocklist window to judge, in the order to judge them.
    public var blocklistChecks: [BlocklistCheck] = []
    /// Whether a delivery was made due again (a retry), so listeners should be woken.
    public var makesDeliveriesDue = false

    /// One write after the moves.
    public enum Step: Sendable, Equatable {
        /// Deactivate the webhook if active, and put the event in its events history if enabled.
        case closeHook(hookID: Int64, eventSeq: Int64)
        /// Raise a 90001 notice if none went to its destination within `interval` seconds
        /// (recording the time when one goes).
        case retryingNotice(DeliveryNotice, interval: Int64)
        /// Raise a notice.
        case notice(DeliveryNotice)
    }
}
