import Synchronization

/// Destination hosts with due deliveries that publishes left unleased because this node's queue for
/// them was full. Claiming at once would take nothing for them, so the claim loop claims when one of
/// them has room again: it looks whenever a delivery ends, which is when a host's queue shrinks.
final class DeferredHosts: Sendable {
    private let hosts = Mutex<Set<String>>([])

    /// Remembers `hosts` until they have room.
    func add(_ newHosts: Set<String>) {
        hosts.withLock { $0.formUnion(newHosts) }
    }

    /// Forgets the remembered hosts not in `busyHosts`; whether there were any (then a claim is due).
    func takeReady(busyHosts: Set<String>) -> Bool {
        hosts.withLock { hosts in
            guard !hosts.isEmpty, !hosts.isSubset(of: busyHosts) else { return false }
            hosts.formIntersection(busyHosts)
            return true
        }
    }
}
