import HooklineCore
import HooklineStore

/// Publishes events into the queue so that this node's engine sends their deliveries at once:
/// reserve room in the engine, publish under that lease, hand the engine what the store leased,
/// and wake it for the rest.
///
/// The reservation is always given back, also when the publish fails, or the engine would keep the
/// room. The API reaches this through `EventPublishing` (it may not import this module); `hookline
/// serve` wires it in.
public struct Publisher: EventPublishing {
    private let queue: any DeliveryQueue
    private let engine: DeliveryEngine

    /// A publisher into `queue` that hands new deliveries to `engine`, which delivers from the same queue.
    public init(queue: any DeliveryQueue, engine: DeliveryEngine) {
        self.queue = queue
        self.engine = engine
    }

    /// Writes the events, leasing what it can of their deliveries to the engine, and lets the engine
    /// know of the rest (it claims them), or wakes it when it had no room to reserve.
    public func publish(_ events: [EventDraft], storeHash: String, now: Int64) async throws -> [PublishedEvent] {
        guard let lease = engine.reserve(forEvents: events.count) else {
            let published = try await queue.publish(events, storeHash: storeHash, now: now, lease: nil)
            if !published.pendingHosts.isEmpty { engine.wake() }
            return published.events
        }
        let published: PublishedBatch
        do {
            published = try await queue.publish(events, storeHash: storeHash, now: now, lease: lease)
        } catch {
            engine.take([], leasedUnder: lease, pendingHosts: [])
            throw error
        }
        engine.take(published.leased, leasedUnder: lease, pendingHosts: published.pendingHosts)
        return published.events
    }
}
