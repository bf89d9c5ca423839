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
final class InFlightLimits: Sendable {
    private struct Counts {
        var total = 0
        var perHost: [String: Int] = [:]
        /// Claimed deliveries waiting for a slot of their host (still leased to this node), oldest first.
        var waiting: [String: WaitingQueue] = [:]
        var waitingTotal = 0

        /// Removes and returns the oldest delivery waiting for `host`, dropping the host's queue once
        /// empty. Taken in place: a copy of the queue out of the dictionary would copy every delivery in it.
        mutating func takeWaiting(for host: String) -> ParkedDelivery? {
            guard let next = waiting[host]?.popFirst() else { return nil }
            if waiting[host]?.count == 0 { waiting[host] = nil }
            return next
        }
    }

    private let counts = Mutex(Counts())
    let maxTotal: Int
    let maxPerHost: Int

    init(maxTotal: Int, maxPerHost: Int) {
        self.maxTotal = maxTotal
        self.maxPerHost = maxPerHost
    }

    /// Free slots in total.
    var freeSlots: Int { counts.withLock { maxTotal - $0.total } }

    /// Deliveries in flight.
    var inFlight: Int { counts.withLock { $0.total } }

    /// Hosts not to claim more for: they already have `queueLimit` or more deliveries waiting.
    func busyHosts(queueLimit: Int) -> Set<String> {
        counts.withLock { counts in
            Set(counts.waiting.filter { $0.value.count >= queueLimit }.keys)
        }
    }

    /// Deliveries waiting for a slot.
    var waitingCount: Int { counts.withLock { $0.waitingTotal } }

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
                let free = min(maxTotal - counts.total, maxPerHost - counts.perHost[host, default: 0])
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
            guard counts.total < maxTotal, counts.perHost[host, default: 0] < maxPerHost else { return false }
            counts.total += 1
            counts.perHost[host, default: 0] += 1
            return true
        }
    }

    /// Passes a finished delivery's slot to the next delivery waiting for the same host, if any
    /// (the slot stays taken); otherwise gives the slot back and returns `nil`.
    func handOff(host: String) -> ParkedDelivery? {
        counts.withLock { counts in
            if let next = counts.takeWaiting(for: host) {
                counts.waitingTotal -= 1
                return next
            }
            counts.total -= 1
            let remaining = counts.perHost[host, default: 1] - 1
            counts.perHost[host] = remaining > 0 ? remaining : nil
            return nil
        }
    }

    /// Gives a slot back.
    func release(host: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.perHost[host, default: 1] - 1
            counts.perHost[host] = remaining > 0 ? remaining : nil
        }
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
