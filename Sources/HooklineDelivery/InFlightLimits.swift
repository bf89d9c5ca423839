import HooklineCore
import Synchronization

/// A claimed delivery waiting for a slot of its host, with the end of its lease.
struct ParkedDelivery: Sendable {
    /// The delivery as claimed.
    var delivery: ClaimedDelivery
    /// When the lease ends, Unix ms: past this another node may claim it.
    var leaseUntil: Int64
}

/// Counts deliveries in flight, in total and per destination host, against the configured limits,
/// and holds claimed deliveries waiting for a slot of their host.
///
/// A host's limit is its `AdaptiveConcurrency` limit (the maximum while adaptation is off or the host
/// has given no sign of overload): it moves with each attempt's result, in the same lock as the counts
/// it bounds, so no slot is taken or handed on against a limit that has just fallen.
final class InFlightLimits: Sendable {
    private struct Counts {
        var total = 0
        var perHost: [String: Int] = [:]
        /// Claimed deliveries waiting for a slot of their host (still leased to this node), oldest first.
        var waiting: [String: WaitingQueue] = [:]
        var waitingTotal = 0
        /// Claimed deliveries waiting for their webhook's rate (still leased to this node), per host.
        var pacing: [String: Int] = [:]
        var pacingTotal = 0
        /// Hosts whose limit has been adapted; a host not here has the maximum.
        var adaptive: [String: AdaptiveConcurrency] = [:]

        /// Removes and returns the oldest delivery waiting for `host`, dropping the host's queue once
        /// empty. Taken in place: a copy of the queue out of the dictionary would copy every delivery in it.
        mutating func takeWaiting(for host: String) -> ParkedDelivery? {
            guard let next = waiting[host]?.popFirst() else { return nil }
            if waiting[host]?.count == 0 { waiting[host] = nil }
            return next
        }

        /// Slots `host` may still take: the lower of the node's and the host's free slots.
        func free(for host: String, maxTotal: Int, maxPerHost: Int) -> Int {
            min(maxTotal - total, (adaptive[host]?.limit ?? maxPerHost) - perHost[host, default: 0])
        }

        /// Gives one slot of `host` back.
        mutating func giveBack(host: String) {
            total -= 1
            let remaining = perHost[host, default: 1] - 1
            perHost[host] = remaining > 0 ? remaining : nil
        }

        /// Once more than `adaptiveHostsKept` hosts have an adapted limit, forgets those with nothing in
        /// flight whose limit is back at the maximum (they lose only their usual latency).
        mutating func forgetIdleHosts(maxPerHost: Int) {
            guard adaptive.count > InFlightLimits.adaptiveHostsKept else { return }
            adaptive = adaptive.filter { $0.value.limit < maxPerHost || perHost[$0.key] != nil }
        }
    }

    private let counts = Mutex(Counts())
    let maxTotal: Int
    let maxPerHost: Int
    /// How each host's limit adapts.
    let adaptivePolicy: AdaptiveConcurrencyPolicy
    /// Hosts with an adapted limit kept before idle ones at the maximum are forgotten.
    static let adaptiveHostsKept = 4096

    init(maxTotal: Int, adaptive: AdaptiveConcurrencyPolicy) {
        self.maxTotal = maxTotal
        maxPerHost = adaptive.maximum
        adaptivePolicy = adaptive
        HooklineMetrics.hostConcurrencyStarted(maximum: adaptive.maximum)
    }

    /// Free slots in total.
    var freeSlots: Int { counts.withLock { maxTotal - $0.total } }

    /// Deliveries in flight.
    var inFlight: Int { counts.withLock { $0.total } }

    /// Hosts not to claim more for: they already have `queueLimit` or more deliveries waiting (for a
    /// slot or for their webhook's rate).
    func busyHosts(queueLimit: Int) -> Set<String> {
        counts.withLock { counts in
            var busy = Set(counts.waiting.filter { $0.value.count + counts.pacing[$0.key, default: 0] >= queueLimit }.keys)
            for (host, pacing) in counts.pacing where pacing + (counts.waiting[host]?.count ?? 0) >= queueLimit {
                busy.insert(host)
            }
            return busy
        }
    }

    /// Deliveries waiting for a slot or for their webhook's rate.
    var waitingCount: Int { counts.withLock { $0.waitingTotal + $0.pacingTotal } }

    /// The in-flight limit of `host` now.
    func limit(for host: String) -> Int {
        counts.withLock { $0.adaptive[host]?.limit ?? maxPerHost }
    }

    /// Takes an attempt's result to `host` at `now` (Unix ms) into the host's adaptive limit; returns
    /// the change, if the limit changed.
    @discardableResult
    func record(_ result: AttemptResult, host: String, now: Int64) -> (from: Int, to: Int)? {
        guard adaptivePolicy.enabled else { return nil }
        let signal = AdaptiveConcurrency.Signal(result)
        if case .neutral = signal { return nil }
        return counts.withLock { counts -> (from: Int, to: Int)? in
            var state = counts.adaptive[host] ?? AdaptiveConcurrency(policy: adaptivePolicy)
            let before = state.limit
            let changed = state.record(signal, at: now)
            if counts.adaptive.updateValue(state, forKey: host) == nil { counts.forgetIdleHosts(maxPerHost: maxPerHost) }
            guard changed else { return nil }
            HooklineMetrics.hostConcurrencyChanged(
                from: before, to: state.limit, maximum: maxPerHost,
                hostsBelowMaximum: counts.adaptive.values.filter { $0.limit < maxPerHost }.count,
                lowestLimit: counts.adaptive.values.map(\.limit).min() ?? maxPerHost)
            return (before, state.limit)
        }
    }

    /// Counts a delivery of `host` as waiting for its webhook's rate (it holds no slot meanwhile).
    func startPacing(host: String) {
        counts.withLock {
            $0.pacing[host, default: 0] += 1
            $0.pacingTotal += 1
        }
    }

    /// A delivery of `host` is done waiting for its webhook's rate.
    func endPacing(host: String) {
        counts.withLock {
            let remaining = $0.pacing[host, default: 1] - 1
            $0.pacing[host] = remaining > 0 ? remaining : nil
            $0.pacingTotal -= 1
        }
    }

    /// Parks a claimed delivery until its host has a free slot.
    func park(_ delivery: ClaimedDelivery, host: String, leaseUntil: Int64) {
        counts.withLock {
            $0.waiting[host, default: WaitingQueue()].append(ParkedDelivery(delivery: delivery, leaseUntil: leaseUntil))
            $0.waitingTotal += 1
        }
    }

    /// Takes waiting deliveries whose hosts now have free slots, acquiring a slot for each.
    func takeStartable() -> [(ParkedDelivery, String)] {
        counts.withLock { counts in
            var startable: [(ParkedDelivery, String)] = []
            for host in Array(counts.waiting.keys) {
                let free = counts.free(for: host, maxTotal: maxTotal, maxPerHost: maxPerHost)
                guard free > 0 else { continue }
                var taken = 0
                while taken < free, let next = counts.takeWaiting(for: host) {
                    startable.append((next, host))
                    taken += 1
                }
                counts.total += taken
                counts.perHost[host, default: 0] += taken
                counts.waitingTotal -= taken
            }
            return startable
        }
    }

    /// Empties the waiting queues (at shutdown), returning what was parked.
    func drainWaiting() -> [ClaimedDelivery] {
        counts.withLock { counts in
            defer {
                counts.waiting.removeAll()
                counts.waitingTotal = 0
            }
            return counts.waiting.values.flatMap { $0.all.map(\.delivery) }
        }
    }

    /// Takes a slot for `host` if one is free.
    func acquire(host: String) -> Bool {
        counts.withLock { counts in
            guard counts.free(for: host, maxTotal: maxTotal, maxPerHost: maxPerHost) > 0 else { return false }
            counts.total += 1
            counts.perHost[host, default: 0] += 1
            return true
        }
    }

    /// Passes a finished delivery's slot to the next delivery waiting for the same host, if any and if
    /// the host is within its limit (the slot stays taken); otherwise gives the slot back and returns
    /// `nil`. A host whose limit fell keeps fewer in flight: its finished slots are given back until
    /// it is under the new limit.
    func handOff(host: String) -> ParkedDelivery? {
        counts.withLock { counts in
            let limit = counts.adaptive[host]?.limit ?? maxPerHost
            if counts.perHost[host, default: 0] <= limit, let next = counts.takeWaiting(for: host) {
                counts.waitingTotal -= 1
                return next
            }
            counts.giveBack(host: host)
            return nil
        }
    }

    /// Gives a slot back.
    func release(host: String) {
        counts.withLock { $0.giveBack(host: host) }
    }
}

/// One host's waiting deliveries, oldest first. Taking the oldest moves nothing: the queue keeps the
/// index of its head and closes the gap only once it is most of the storage.
private struct WaitingQueue {
    private var slots: [ParkedDelivery?] = []
    private var head = 0

    /// Deliveries waiting.
    var count: Int { slots.count - head }

    /// The waiting deliveries, oldest first.
    var all: [ParkedDelivery] { slots[head...].compactMap { $0 } }

    mutating func append(_ delivery: ParkedDelivery) {
        slots.append(delivery)
    }

    /// Removes and returns the oldest waiting delivery.
    mutating func popFirst() -> ParkedDelivery? {
        guard head < slots.count else { return nil }
        let first = slots[head].take()
        head += 1
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32, head * 2 >= slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return first
    }
}
