extension HookDeliverySettings {
    /// Whether these settings gate claims: a FIFO webhook, or one with `max_in_flight` or
    /// `max_per_second`, has its deliveries claimed one webhook at a time (a claim counts what it has
    /// leased and, for FIFO, takes only its earliest pending delivery), apart from the claim of every
    /// other webhook.
    ///
    /// A rate-limited webhook is gated so that its backlog is leased a little at a time: its leased
    /// deliveries wait for the rate on the node, and counted against their destination host (as
    /// they must be, or the host's queue would have no bound), a deep backlog leased all at once
    /// would keep the host's other webhooks from being claimed until it had gone out.
    public var limitsClaims: Bool { ordering == .fifo || maxInFlight != nil || maxPerSecond != nil }

    /// Seconds of a rate-limited webhook's rate that may be leased at once, by all nodes together:
    /// enough that the node sending them always has the next one at hand (a claim follows each of
    /// the webhook's completions), few enough that they wait only briefly for their turn.
    public static let pacedLeaseSeconds = 2

    /// How many of the webhook's deliveries may be leased at once, by all nodes: 1 for FIFO
    /// (whatever the limits say); otherwise the lower of `max_in_flight` and `pacedLeaseSeconds` of
    /// `max_per_second`; `nil` for no limit.
    public var maxLeased: Int? {
        if ordering == .fifo { return 1 }
        let paced = maxPerSecond.map { max(1, $0.multipliedReportingOverflow(by: Self.pacedLeaseSeconds).partialValue) }
        switch (maxInFlight, paced) {
        case (let inFlight?, let paced?): return min(inFlight, paced)
        case (let inFlight?, nil): return inFlight
        case (nil, let paced?): return paced
        case (nil, nil): return nil
        }
    }

    /// How many more of the webhook's deliveries a claim may lease, given how many are leased now
    /// (and not yet run out) and whether the webhook is active: `nil` for as many as are due.
    ///
    /// An inactive or deleted webhook's pending deliveries are claimed as any webhook's are (the
    /// engine then cancels them), so deactivation drains a FIFO webhook's backlog as usual.
    public func claimAllowance(inFlight: Int, hookActive: Bool) -> Int? {
        guard hookActive, let limit = maxLeased else { return nil }
        return max(0, limit - inFlight)
    }
}
