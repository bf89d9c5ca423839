import HooklineCore
import Synchronization

/// Counts deliveries in flight, in total and per destination host, against the configured limits.
final class InFlightLimits: Sendable {
    private struct Counts {
        var total = 0
        var perHost: [String: Int] = [:]
        /// Claimed deliveries waiting for a slot of their host (still leased to this node).
        var waiting: [String: [ClaimedDelivery]] = [:]
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

    /// Hosts not to claim more for: no free slot, or deliveries already waiting for one.
    var busyHosts: Set<String> {
        counts.withLock { counts in
            Set(counts.perHost.filter { $0.value >= maxPerHost }.keys).union(counts.waiting.keys)
        }
    }

    /// Deliveries waiting for a slot.
    var waitingCount: Int { counts.withLock { $0.waiting.values.reduce(0) { $0 + $1.count } } }

    /// Parks a claimed delivery until its host has a free slot.
    func park(_ delivery: ClaimedDelivery, host: String) {
        counts.withLock { $0.waiting[host, default: []].append(delivery) }
    }

    /// Takes waiting deliveries whose hosts now have free slots, acquiring a slot for each.
    func takeStartable() -> [(ClaimedDelivery, String)] {
        counts.withLock { counts in
            var startable: [(ClaimedDelivery, String)] = []
            for (host, queue) in counts.waiting {
                var queue = queue
                while !queue.isEmpty, counts.total < maxTotal, counts.perHost[host, default: 0] < maxPerHost {
                    startable.append((queue.removeFirst(), host))
                    counts.total += 1
                    counts.perHost[host, default: 0] += 1
                }
                counts.waiting[host] = queue.isEmpty ? nil : queue
            }
            return startable
        }
    }

    /// Empties the waiting queues (at shutdown), returning what was parked.
    func drainWaiting() -> [ClaimedDelivery] {
        counts.withLock { counts in
            defer { counts.waiting.removeAll() }
            return counts.waiting.values.flatMap { $0 }
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

    /// Gives a slot back.
    func release(host: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.perHost[host, default: 1] - 1
            counts.perHost[host] = remaining > 0 ? remaining : nil
        }
    }
}
