extension HookDeliverySettings {
    /// Whether these settings gate claims: a FIFO webhook or one with `max_in_flight` has its
    /// deliveries claimed one webhook at a time (a claim counts what it has in flight and, for FIFO,
    /// takes only its earliest pending delivery), apart from the claim of every other webhook.
    public var limitsClaims: Bool { ordering == .fifo || maxInFlight != nil }

    /// How many of the webhook's deliveries in flight it may have at most: 1 for FIFO (whatever
    /// `max_in_flight` says), `max_in_flight` otherwise; `nil` for no limit.
    public var effectiveMaxInFlight: Int? { ordering == .fifo ? 1 : maxInFlight }

    /// How many more of the webhook's deliveries a claim may lease, given how many are in flight
    /// (leased and not yet run out) and whether the webhook is active: `nil` for as many as are due.
    ///
    /// An inactive or deleted webhook's pending deliveries are claimed as any webhook's are (the
    /// engine then cancels them), so deactivation drains a FIFO webhook's backlog as usual.
    public func claimAllowance(inFlight: Int, hookActive: Bool) -> Int? {
        guard hookActive, let limit = effectiveMaxInFlight else { return nil }
        return max(0, limit - inFlight)
    }
}
