import HooklineCore
import Synchronization

/// The engine's side of a `Publisher`'s handoff: room reserved by this node's publishes under way, and
/// the deliveries they leased, waiting for the claim loop to start them.
final class PublishInbox: Sendable {
    private struct State {
        var reserved = 0
        var arrived: [ParkedDelivery] = []
    }

    private let state = Mutex(State())

    /// Room the inbox holds: reserved by publishes under way, or taken by deliveries not started yet.
    var held: Int { state.withLock { $0.reserved + $0.arrived.count } }

    /// Reserves up to `wanted` of `available` slots (free ones not yet counted here); returns how many.
    func reserve(wanted: Int, available: Int) -> Int {
        state.withLock { state in
            let granted = min(wanted, available - state.reserved - state.arrived.count)
            guard granted > 0 else { return 0 }
            state.reserved += granted
            return granted
        }
    }

    /// Ends a reservation of `reserved` slots, keeping the deliveries leased under it until taken.
    func settle(reserved: Int, leased: [ClaimedDelivery], leaseUntil: Int64) {
        state.withLock { state in
            state.reserved -= reserved
            state.arrived.append(contentsOf: leased.map { ParkedDelivery(delivery: $0, leaseUntil: leaseUntil) })
        }
    }

    /// Takes every delivery that has arrived, oldest first.
    func takeArrived() -> [ParkedDelivery] {
        state.withLock { state in
            defer { state.arrived.removeAll(keepingCapacity: true) }
            return state.arrived
        }
    }
}
