import Foundation
import HooklineCore
import HooklineStore
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers every pending delivery: claims due ones with a lease, sends them concurrently within
/// the per-node and per-host limits, and writes the outcomes back in batches.
///
/// It sleeps when nothing is due and wakes on `wake()`, when its queue's `newWork()` stream yields
/// (another node's publish, a retry, a replay), when a slot frees up, when the next retry falls due,
/// or at the latest after `idlePollMilliseconds`. Deliveries that this node's publishes lease to it
/// (through `Publisher`: `reserve`, then `take`) start without a claim. It depends on the delivery
/// queue alone.
/// On graceful shutdown it stops claiming, lets in-flight deliveries finish within the grace
/// period, and releases the rest for another node or the next start.
public final class DeliveryEngine: Service, Sendable {
    private let queue: any DeliveryQueue
    private let configuration: DeliveryConfiguration
    private let logger: Logger
    private let sender: DeliverySender
    private let limits: InFlightLimits
    private let rates = RateGate()
    private let writer: CompletionWriter
    private let inbox = PublishInbox()
    private let signal = WakeSignal()
    /// Set once graceful shutdown begins.
    private let stopping = SharedFlag()
    /// Set while `run()` runs.
    private let running = SharedFlag()
    /// Set when deliveries may have become due (publish, a NOTIFY, written outcomes); cleared by each claim.
    private let workNotice: SharedFlag
    /// Set while the claim loop waits for room (which a publish's unused reservation may give back).
    private let waitingForRoom = SharedFlag()
    /// Hosts whose due deliveries publishes left for a claim once this node has room for them.
    private let deferredHosts = DeferredHosts()

    /// Creates an engine over `queue` whose deliveries resolve host names with `resolver`; fails if
    /// the configuration's `caFile` cannot be read.
    public init(
        queue: any DeliveryQueue, configuration: DeliveryConfiguration, logger: Logger,
        resolver: any HostResolver = SystemResolver()
    ) throws {
        self.queue = queue
        self.configuration = configuration
        self.logger = logger
        sender = DeliverySender(transport: try DeliverySender.makeTransport(configuration, resolver: resolver))
        limits = InFlightLimits(maxTotal: configuration.maxInFlight, adaptive: configuration.adaptivePolicy)
        let signal = self.signal
        let newWork = SharedFlag()
        self.workNotice = newWork
        writer = CompletionWriter(
            queue: queue, configuration: configuration, logger: logger,
            onWritten: { madeWorkDue in
                if madeWorkDue { newWork.set() }
                signal.notify()
            })
    }

    /// Tells the engine new deliveries may be due now.
    public func wake() {
        workNotice.set()
        signal.notify()
    }

    /// Reserves room for the deliveries of a publish of `eventCount` events: a few per event, as
    /// much as the node has free, under a lease like a claim's. `nil` when stopping or full: the
    /// publish then leaves its deliveries for a claim. Every reservation must be given back with
    /// `take`, also when the publish failed (with no deliveries), or the room stays held.
    public func reserve(forEvents eventCount: Int) -> PublishLease? {
        guard !stopping.isSet else { return nil }
        let available = openRoom
        let wanted = max(eventCount, 1).multipliedReportingOverflow(by: Self.reservedPerEvent).partialValue
        let granted = inbox.reserve(wanted: wanted, available: available)
        guard granted > 0 else { return nil }
        return PublishLease(
            node: configuration.nodeID, leaseUntil: Self.nowMilliseconds() + configuration.leaseSeconds * 1000,
            limit: granted, perHostLimit: configuration.claimQueuePerHost,
            excludingHosts: limits.busyHosts(queueLimit: configuration.perHostConcurrency))
    }

    /// Slots reserved per event published: room for an event going to a few webhooks.
    static let reservedPerEvent = 4

    /// Takes the deliveries a publish leased under `lease`; the claim loop starts them, and claims
    /// those it left pending. A publish that leased nothing and left nothing (no webhook matched)
    /// wakes the loop only if it waits for the room given back.
    ///
    /// Deliveries left pending only for hosts the lease excluded (their queue here was full) are not
    /// worth a claim now, which would find nothing it may take: their hosts are remembered, and the
    /// loop claims once one has room. A hanging destination's host stays full, so without this each
    /// publish to it would cost an empty claim, a write transaction on the one SQLite writer.
    public func take(_ deliveries: [ClaimedDelivery], leasedUnder lease: PublishLease, pendingHosts: Set<String>) {
        inbox.settle(reserved: lease.limit, leased: deliveries, leaseUntil: lease.leaseUntil)
        var claimDue = !pendingHosts.isEmpty
        if claimDue && pendingHosts.isSubset(of: lease.excludingHosts) {
            deferredHosts.add(pendingHosts)
            // A host that got room since the reservation may already have had its wake-up.
            claimDue = !pendingHosts.isSubset(of: limits.busyHosts(queueLimit: configuration.perHostConcurrency))
        }
        if claimDue { workNotice.set() }
        if claimDue || !deliveries.isEmpty || waitingForRoom.isSet { signal.notify() }
    }

    /// Whether the engine runs (started and not yet stopped): what `/ready` checks.
    public var isRunning: Bool { running.isSet }

    /// Runs until graceful shutdown.
    public func run() async throws {
        running.set()
        defer { running.clear() }
        let writerTask = Task { await writer.run() }
        let listening = Task { [queue] in
            for await _ in queue.newWork() { self.wake() }
        }
        defer { listening.cancel() }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                await dispatch(into: &group)
                // The API stops before the engine (see `hookline serve`), so no publish hands over
                // deliveries after this; one that did would leave them leased until the lease ends.
                for parked in limits.drainWaiting() + inbox.takeArrived().map(\.delivery) {
                    writer.add(DeliveryCompletion(delivery: parked, outcome: .released))
                }
                await drainInFlight()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.set()
            self.signal.notify()
        }
        writer.finish()
        await writerTask.value
        sender.transport.shutdown()
        logger.info("delivery engine stopped", metadata: ["node": "\(configuration.nodeID)"])
    }

    /// The claim loop: runs until shutdown is requested.
    ///
    /// Claims come in batches: a host may have up to `claimQueuePerHost` deliveries leased and waiting
    /// beyond its in-flight slots, and while work is queued the loop claims again only once a quarter
    /// of the node's capacity is free, so each claim (a database transaction) brings many deliveries.
    private func dispatch(into group: inout DiscardingTaskGroup) async {
        let batchThreshold = max(1, configuration.maxInFlight / 4)
        // After a claim that found less than it asked for, the next one waits until something could
        // have changed: new work, a host that was busy after that claim has room again, or the next
        // due time (at the latest the idle poll).
        var quiet: (busyHosts: Set<String>, until: Int64)?
        while !stopping.isSet && !Task.isCancelled {
            let now = Self.nowMilliseconds()
            for (parked, host) in limits.takeStartable() {
                if let delivery = stillSendable(parked, now: now) {
                    launch(delivery, host: host, in: &group)
                } else {
                    limits.release(host: host)
                }
            }
            for arrived in inbox.takeArrived() {
                start(arrived.delivery, in: &group, now: now, leaseUntil: arrived.leaseUntil)
            }
            // Outcomes not yet written still hold their leases: count them against the capacity, so a
            // slow database slows claiming instead of letting leases run out (and deliveries repeat).
            // So does the room publishes have reserved: the flag is up before that room is counted, so a
            // reservation given back from then on wakes the wait below.
            waitingForRoom.set()
            let waiting = limits.waitingCount
            let free = openRoom - inbox.held
            if free <= 0 || (waiting > 0 && free < batchThreshold) {
                await signal.wait(timeout: .milliseconds(configuration.idlePollMilliseconds))
                waitingForRoom.clear()
                continue
            }
            waitingForRoom.clear()
            let busyHosts = limits.busyHosts(queueLimit: configuration.perHostConcurrency)
            if deferredHosts.takeReady(busyHosts: busyHosts) { workNotice.set() }
            if let rest = quiet, now < rest.until, !workNotice.isSet, rest.busyHosts.isSubset(of: busyHosts) {
                await signal.wait(timeout: .milliseconds(max(1, rest.until - now)))
                continue
            }
            quiet = nil
            workNotice.clear()
            let leaseUntil = now + configuration.leaseSeconds * 1000
            let claimed: [ClaimedDelivery]
            do {
                claimed = try await queue.claimDeliveries(
                    node: configuration.nodeID, now: now, leaseUntil: leaseUntil, limit: free,
                    perHostLimit: configuration.claimQueuePerHost, excludingHosts: busyHosts)
            } catch {
                if Task.isCancelled { return }
                logger.error("claiming deliveries failed", metadata: ["error": "\(error)"])
                await signal.wait(timeout: .milliseconds(configuration.idlePollMilliseconds))
                continue
            }
            for delivery in claimed { start(delivery, in: &group, now: now, leaseUntil: leaseUntil) }
            if claimed.count < free {
                // Short: nothing more is due, or the hosts that have more are busy. Look again when one
                // of those hosts has room again (or on new work, or at the next due time). Those hosts
                // are the ones this claim skipped and the ones it filled; a skipped host may have
                // drained meanwhile, and must still end the wait.
                let filled = limits.busyHosts(queueLimit: configuration.perHostConcurrency)
                quiet = (busyHosts.union(filled), await nextLook(now: now))
            }
        }
    }

    /// Slots neither in flight nor promised: free slots less the deliveries parked for one and the
    /// outcomes not yet written (these still hold their leases). Publishes' reservations are not
    /// subtracted here; `PublishInbox` holds them.
    private var openRoom: Int { limits.freeSlots - limits.waitingCount - writer.pending }

    /// Time kept between the end of an attempt's timeout and the end of its lease, milliseconds (for
    /// scheduling delays between the check and the request).
    static let leaseMarginMilliseconds: Int64 = 500

    /// Starts one claimed delivery, or settles it without sending (inactive webhook, blocked domain, no slot).
    private func start(_ delivery: ClaimedDelivery, in group: inout DiscardingTaskGroup, now: Int64, leaseUntil: Int64) {
        guard delivery.hookActive, delivery.destination != nil, delivery.clientSecret != nil else {
            writer.add(DeliveryCompletion(delivery: delivery, outcome: .cancelled))
            return
        }
        if let blockedUntil = delivery.blockedUntil {
            let result = AttemptResult(
                errorClass: .domainBlocked, errorMessage: "the destination's domain is blocked until \(blockedUntil)",
                startedAtMilliseconds: now, durationMilliseconds: 0)
            let decision = DeliveryDecision.after(
                result, attempt: delivery.attempt, schedule: configuration.retrySchedule, nowMilliseconds: now)
            writer.add(DeliveryCompletion(delivery: delivery, outcome: .attempted(result, decision)))
            return
        }
        if let perSecond = delivery.settings.maxPerSecond {
            // The wait must leave the lease room for a whole attempt; past that the delivery goes back
            // to the queue, no attempt counted. Reckoned from the clock now, not from `now` (taken
            // before the claim): the wait is slept from now, and a slow claim's stale time would put
            // its deliveries' turns in the past, to bunch with those of the claims after it.
            let reserved = Self.nowMilliseconds()
            let maxWait = leaseUntil - reserved - configuration.requestTimeoutSeconds * 1000 - Self.leaseMarginMilliseconds
            guard let wait = rates.reserve(hookID: delivery.hookID, perSecond: perSecond, now: reserved, maxWait: maxWait) else {
                writer.add(DeliveryCompletion(delivery: delivery, outcome: .released))
                return
            }
            if wait > 0 {
                pace(delivery, for: wait, leaseUntil: leaseUntil, in: &group)
                return
            }
        }
        startOrPark(delivery, leaseUntil: leaseUntil, in: &group)
    }

    /// Sends a delivery at once if its host has a free slot, or parks it (keeping its lease) until one
    /// of that host's slots frees up.
    private func startOrPark(_ delivery: ClaimedDelivery, leaseUntil: Int64, in group: inout DiscardingTaskGroup) {
        let host = delivery.host
        guard limits.acquire(host: host) else {
            limits.park(delivery, host: host, leaseUntil: leaseUntil)
            return
        }
        launch(delivery, host: host, in: &group)
    }

    /// Holds a delivery over its webhook's rate for `milliseconds`, without a slot of its host (so the
    /// host's other webhooks are not held up), then sends it or parks it for a slot. It stays leased
    /// and counts as waiting for its host meanwhile; at shutdown it is given back unsent.
    private func pace(_ delivery: ClaimedDelivery, for milliseconds: Int64, leaseUntil: Int64, in group: inout DiscardingTaskGroup) {
        let host = delivery.host
        limits.startPacing(host: host)
        HooklineMetrics.paced()
        group.addTask { [self] in
            let slept: Void? = try? await Task.sleep(for: .milliseconds(milliseconds))
            limits.endPacing(host: host)
            guard slept != nil, !stopping.isSet else {
                writer.add(DeliveryCompletion(delivery: delivery, outcome: .released))
                return
            }
            if limits.acquire(host: host) {
                await sendInTurn(delivery, host: host)
            } else {
                limits.park(delivery, host: host, leaseUntil: leaseUntil)
            }
            signal.notify()
        }
    }

    /// Sends a delivery whose slot is already acquired, in a child task; the task then keeps the slot
    /// for the host's next waiting delivery, so a busy host's queue drains without a trip through
    /// the claim loop per delivery.
    private func launch(_ delivery: ClaimedDelivery, host: String, in group: inout DiscardingTaskGroup) {
        group.addTask { [self] in await sendInTurn(delivery, host: host) }
    }

    /// Sends `delivery`, whose slot of `host` is taken, then the host's next waiting deliveries in the
    /// same slot while the host stays within its limit. Each attempt's result moves the host's
    /// adaptive limit before the slot is handed on.
    private func sendInTurn(_ delivery: ClaimedDelivery, host: String) async {
        var current: ClaimedDelivery? = delivery
        while let delivery = current {
            let limitAtStart = limits.limit(for: host)
            HooklineMetrics.inFlight(true)
            var outcome = await sender.send(delivery)
            HooklineMetrics.inFlight(false)
            if case .attempted(var result) = outcome {
                result.concurrencyLimit = limitAtStart
                outcome = .attempted(result)
                if let change = limits.record(result, host: host, now: Self.nowMilliseconds()) {
                    // A cut is news (the host struggles); each step back up, once per window, is detail.
                    logger.log(
                        level: change.to < change.from ? .info : .debug, "destination host's in-flight limit changed",
                        metadata: ["host": "\(host)", "from": "\(change.from)", "to": "\(change.to)"])
                }
            }
            record(outcome, of: delivery)
            current = nextDelivery(forSlotOf: host)
            signal.notify()
        }
    }

    /// Queues what came of an attempt for the writer.
    private func record(_ outcome: DeliverySender.Outcome, of delivery: ClaimedDelivery) {
        switch outcome {
        case .interrupted:
            writer.add(DeliveryCompletion(delivery: delivery, outcome: .released))
        case .attempted(let result):
            let decision = DeliveryDecision.after(
                result, attempt: delivery.attempt, schedule: configuration.retrySchedule,
                nowMilliseconds: Self.nowMilliseconds())
            if !result.succeeded {
                logger.debug(
                    "delivery attempt failed",
                    metadata: [
                        "delivery": "\(delivery.deliveryID)", "hook": "\(delivery.hookID)", "event": "\(delivery.eventID)",
                        "status": "\(result.statusCode.map(String.init) ?? "-")", "error": "\(result.errorClass?.rawValue ?? "-")",
                    ])
            }
            writer.add(DeliveryCompletion(delivery: delivery, outcome: .attempted(result, decision)))
        }
    }

    /// The next delivery waiting for `host` that may still be sent, keeping the slot; `nil` (the slot
    /// given back) when none is left or the engine is stopping. Deliveries whose lease would not
    /// outlast an attempt are given back to the queue.
    private func nextDelivery(forSlotOf host: String) -> ClaimedDelivery? {
        if stopping.isSet {
            limits.release(host: host)
            return nil
        }
        while let parked = limits.handOff(host: host) {
            if let delivery = stillSendable(parked, now: Self.nowMilliseconds()) { return delivery }
        }
        return nil
    }

    /// A parked delivery, if its lease outlasts a whole attempt started now; otherwise it is given back
    /// to the queue (written as released) and `nil` returned, since sending it could overlap with
    /// another node's attempt once the lease runs out. The caller keeps or frees the host's slot.
    private func stillSendable(_ parked: ParkedDelivery, now: Int64) -> ClaimedDelivery? {
        if parked.leaseUntil - now > configuration.requestTimeoutSeconds * 1000 + Self.leaseMarginMilliseconds {
            return parked.delivery
        }
        writer.add(DeliveryCompletion(delivery: parked.delivery, outcome: .released))
        return nil
    }

    /// Nothing more is claimable now: when to look again at the latest (Unix ms), the next due time or
    /// the idle poll.
    private func nextLook(now: Int64) async -> Int64 {
        var wait = configuration.idlePollMilliseconds
        if let next = try? await queue.nextDeliveryDue(), next > now {
            wait = min(wait, next - now)
        }
        return now + max(1, wait)
    }

    /// At shutdown: waits for in-flight deliveries up to the grace period.
    private func drainInFlight() async {
        let deadline = ContinuousClock.now + .seconds(configuration.shutdownGraceSeconds)
        while limits.inFlight > 0 && ContinuousClock.now < deadline && !Task.isCancelled {
            await signal.wait(timeout: .milliseconds(50))
        }
        if limits.inFlight > 0 {
            logger.warning(
                "shutdown grace period over; releasing deliveries still in flight", metadata: ["count": "\(limits.inFlight)"])
        }
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// A flag that any task may set, clear or read.
final class SharedFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    func clear() { value.withLock { $0 = false } }
    var isSet: Bool { value.withLock { $0 } }
}
