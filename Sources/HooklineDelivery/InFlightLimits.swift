import Synchronization

/// Counts deliveries in flight, in total and per destination host, against the configured limits.
final class InFlightLimits: Sendable {
    private struct Counts {
        var total = 0
        var perHost: [String: Int] = [:]
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

    /// Hosts with no free slot.
    var saturatedHosts: Set<String> {
        counts.withLock { Set($0.perHost.filter { $0.value >= maxPerHost }.keys) }
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
