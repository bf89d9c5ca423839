/// The rules applied when completions are written: blocklist and delivery exception notices.
public struct CompletionRules: Sendable, Equatable {
    /// When a destination host is blocked.
    public var blocklist: BlocklistPolicy
    /// Seconds between two 90001 notices for one destination.
    public var retryingNoticeInterval: Int64

    /// Creates rules.
    public init(blocklist: BlocklistPolicy = .bigCommerce, retryingNoticeInterval: Int64 = DeliveryExceptionCode.retryingNoticeInterval) {
        self.blocklist = blocklist
        self.retryingNoticeInterval = retryingNoticeInterval
    }
}
