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

/// A delivery exception notice to raise: goes to the owner's active delivery exception hook, if any.
public struct DeliveryNotice: Sendable, Equatable {
    /// 90001, 90002 or 90003.
    public var code: DeliveryExceptionCode
    /// Whose webhook failed (the notice goes to the same store and client).
    public var owner: HookOwner
    /// The webhook whose delivery failed.
    public var hookID: Int64
    /// Its destination.
    public var destination: String

    /// Creates a notice.
    public init(code: DeliveryExceptionCode, owner: HookOwner, hookID: Int64, destination: String) {
        self.code = code
        self.owner = owner
        self.hookID = hookID
        self.destination = destination
    }

    /// The notice as an event raised at `now` (Unix ms), with a fresh id.
    public func event(now: Int64) -> EventDraft {
        EventDraft(
            eventID: "hookline-notice-\(RandomIdentifier.uuid())", scope: DeliveryExceptionCode.scope,
            data: code.data(hookID: hookID, destination: destination), createdAt: now / 1000)
    }
}

/// A client's destination host whose blocklist window a completion batch must judge.
public struct BlocklistCheck: Sendable, Equatable {
    /// The client (and its store).
    public var owner: HookOwner
    /// The destination host.
    public var host: String
    /// A webhook of the client to that host (the last one attempted), named in the 90003 notice.
    public var hookID: Int64
    /// Its destination URL, kept on the block.
    public var destination: String

    /// Creates a check.
    public init(owner: HookOwner, host: String, hookID: Int64, destination: String) {
        self.owner = owner
        self.host = host
        self.hookID = hookID
        self.destination = destination
    }

    /// The 90003 notice a new block raises.
    public var notice: DeliveryNotice {
        DeliveryNotice(code: .domainBlocked, owner: owner, hookID: hookID, destination: destination)
    }
}
