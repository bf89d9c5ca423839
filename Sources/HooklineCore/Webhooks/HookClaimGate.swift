/// Which of one webhook's pending deliveries a claim may lease, when its settings gate claims
/// (`HookDeliverySettings.limitsClaims`): the one home of the FIFO, `max_in_flight` and
/// `max_per_second` claim rules, which each store executes under its own serialisation (SQLite's one
/// writer, a per-webhook lock on PostgreSQL).
///
/// FIFO: only the webhook's earliest pending delivery (by the store's event sequence), only when
/// nothing of the webhook is in flight, and only once it is due; so a delivery waiting for a retry,
/// or leased by any node, holds every later one. A lease that ran out (a node crashed) makes the same
/// delivery due again: a crash may resend the delivery in flight, never one after it.
/// `max_in_flight` and `max_per_second`: due deliveries in event order, up to the webhook's
/// `maxLeased` less those leased now.
/// An inactive or deleted webhook's deliveries are taken as any webhook's are, to be cancelled.
public struct HookClaimGate: Sendable, Equatable {
    /// A pending delivery of the webhook a claim might take.
    public struct Candidate: Sendable, Equatable {
        /// The delivery's id.
        public var id: Int64
        /// Its destination host.
        public var host: String
        /// When it is due (Unix ms); a leased one's lease end.
        public var dueAt: Int64

        /// Creates a candidate.
        public init(id: Int64, host: String, dueAt: Int64) {
            self.id = id
            self.host = host
            self.dueAt = dueAt
        }
    }

    /// The webhook's settings.
    public var settings: HookDeliverySettings
    /// Whether the webhook exists and is active.
    public var hookActive: Bool
    /// How many of its deliveries are leased now, by any node.
    public var inFlight: Int

    /// Creates the gate of a webhook.
    public init(settings: HookDeliverySettings, hookActive: Bool, inFlight: Int) {
        self.settings = settings
        self.hookActive = hookActive
        self.inFlight = inFlight
    }

    /// Whether the candidates are the webhook's earliest pending delivery alone (due or not), rather
    /// than its due ones in event order.
    public var readsHeadOnly: Bool { hookActive && settings.ordering == .fifo }

    /// How many candidates to read: at most `room`, the webhook's allowance, and `perHostLimit`.
    public func candidateLimit(room: Int, perHostLimit: Int) -> Int {
        if readsHeadOnly { return room > 0 ? 1 : 0 }
        return max(0, min(room, perHostLimit, settings.claimAllowance(inFlight: inFlight, hookActive: hookActive) ?? room))
    }

    /// The candidates to lease: read as `readsHeadOnly` says, in event order; none for a host the
    /// claim excludes (for FIFO, that holds the webhook), at most `room`.
    public func chosen(from candidates: [Candidate], now: Int64, room: Int, perHostLimit: Int, excludingHosts: Set<String>)
        -> [Candidate]
    {
        let limit = candidateLimit(room: room, perHostLimit: perHostLimit)
        guard limit > 0 else { return [] }
        if readsHeadOnly {
            guard let head = candidates.first, inFlight == 0, head.dueAt <= now, !excludingHosts.contains(head.host)
            else { return [] }
            return [head]
        }
        return Array(candidates.lazy.filter { $0.dueAt <= now && !excludingHosts.contains($0.host) }.prefix(limit))
    }
}
