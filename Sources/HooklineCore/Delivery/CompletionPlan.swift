/// What a batch of completions changes, decided once and without a database: each store only
/// executes the writes a plan lists, in the order it lists them.
///
/// A batch is written in two phases. The first (`init`) needs nothing from the database: leases
/// given back, deliveries cancelled, the attempt log's rows, each attempted delivery's next state,
/// and the blocklist window's counts. A move applies only where the completing node still holds
/// the lease, which only the database knows; given the moves that applied, `followUp(applied:)`
/// lists the rest: webhooks to deactivate (with their events-history rows), 90001/90002 notices,
/// and the client hosts whose blocklist window to judge.
public struct CompletionPlan: Sendable, Equatable {
    /// Deliveries whose lease is given back untouched: due again at `now`.
    public var released: [Int64] = []
    /// Deliveries dropped without sending.
    public var cancelled: [Int64] = []
    /// The attempt log's new rows, in batch order.
    public var attempts: [Attempt] = []
    /// The attempted deliveries' next states, in batch order (one per attempt).
    public var moves: [DeliveryMove] = []
    /// What the batch's attempts add to the blocklist's per-second window counts.
    public var window = AttemptWindowTally()
    /// When the plan was made (Unix ms).
    public var now: Int64

    /// One attempt to record: the delivery as claimed and what came of it (its host is the delivery's).
    public struct Attempt: Sendable, Equatable {
        /// The delivery as claimed.
        public var delivery: ClaimedDelivery
        /// What the attempt came to.
        public var result: AttemptResult
        /// What happens to the delivery next.
        public var decision: DeliveryDecision
    }

    /// Plans a batch completed at `now` (Unix ms).
    public init(_ completions: [DeliveryCompletion], now: Int64) {
        self.now = now
        for completion in completions {
            let delivery = completion.delivery
            switch completion.outcome {
            case .released: released.append(delivery.deliveryID)
            case .cancelled: cancelled.append(delivery.deliveryID)
            case .attempted(let result, let decision):
                attempts.append(Attempt(delivery: delivery, result: result, decision: decision))
                moves.append(DeliveryMove(delivery: delivery, result: result, decision: decision, now: now))
                window.add(clientID: delivery.owner.clientID, host: delivery.host, result: result)
            }
        }
    }

    /// Whether nothing is to be written.
    public var isEmpty: Bool { released.isEmpty && cancelled.isEmpty && attempts.isEmpty }

    /// What follows from the moves that applied (`applied`: the ids of the deliveries whose lease
    /// the node still held), under `rules`.
    ///
    /// Steps keep the batch's order, so a notice is raised after the webhooks deactivated before it.
    /// A destination gets at most one 90001 check per batch (a second would find the interval not
    /// yet passed). Blocklist checks come last, one per client and host, in key order, so that two
    /// nodes never take their locks in opposite orders; each names the last applied delivery to that
    /// host. Attempts refused because the domain was blocked judge nothing.
    public func followUp(applied: Set<Int64>, rules: CompletionRules) -> CompletionFollowUp {
        var followUp = CompletionFollowUp()
        var checks: [String: BlocklistCheck] = [:]
        var retryingChecked: Set<String> = []
        for attempt in attempts where applied.contains(attempt.delivery.deliveryID) {
            let delivery = attempt.delivery
            let destination = delivery.destination ?? ""
            let notice = { (code: DeliveryExceptionCode) in
                DeliveryNotice(
                    code: code, owner: delivery.owner, hookID: delivery.hookID, destination: destination)
            }
            let closes = attempt.decision == .exhausted || attempt.decision == .gone
            if closes { followUp.steps.append(.closeHook(hookID: delivery.hookID, eventSeq: delivery.eventSeq)) }
            if attempt.result.errorClass != .domainBlocked {
                checks["\(delivery.owner.clientID)\n\(delivery.host)"] = BlocklistCheck(
                    owner: delivery.owner, host: delivery.host, hookID: delivery.hookID, destination: destination)
            }
            if case .retry = attempt.decision { followUp.makesDeliveriesDue = true }
            guard !delivery.isExceptionHook else { continue }
            switch attempt.decision {
            case .succeeded:
                break
            case .retry:
                guard attempt.result.errorClass != .domainBlocked,
                    retryingChecked.insert("\(delivery.owner.clientID)\n\(destination)").inserted
                else { break }
                followUp.steps.append(.retryingNotice(notice(.retrying), interval: rules.retryingNoticeInterval))
            case .exhausted, .gone:
                followUp.steps.append(.notice(notice(.retriesExhausted)))
            }
        }
        followUp.blocklistChecks = checks.sorted { $0.key < $1.key }.map(\.value)
        return followUp
    }
}
