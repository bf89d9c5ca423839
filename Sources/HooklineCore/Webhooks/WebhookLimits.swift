/// The limits BigCommerce puts on a client's webhooks, and the delivery exception hook's rules.
///
/// Per store and client: at most `maxHooksPerScope` webhooks per scope; one webhook per scope and
/// destination; at most one delivery exception hook, on a destination none of the client's other
/// webhooks use.
public struct WebhookLimits: Sendable, Equatable {
    /// At most this many webhooks per store + client + scope.
    public var maxHooksPerScope: Int

    /// Creates limits.
    public init(maxHooksPerScope: Int = 10) {
        self.maxHooksPerScope = maxHooksPerScope
    }

    /// BigCommerce's limits.
    public static let bigCommerce = WebhookLimits()

    /// One of the owner's webhooks, as the limits see it.
    public struct Slot: Sendable, Equatable {
        /// The webhook's id.
        public var id: Int64
        /// Its scope.
        public var scope: String
        /// Its destination URL.
        public var destination: String

        /// Creates a slot.
        public init(id: Int64, scope: String, destination: String) {
            self.id = id
            self.scope = scope
            self.destination = destination
        }
    }

    /// Why a webhook may not be added (or changed so).
    public enum Violation: Error, Sendable, Equatable {
        /// The owner already has a webhook with this scope and destination.
        case duplicate
        /// The owner already has `maxHooksPerScope` webhooks for this scope.
        case scopeFull
        /// The owner already has a delivery exception hook.
        case exceptionHookExists
        /// A delivery exception hook and another webhook of the owner would share this destination.
        case exceptionHookDestinationShared
    }

    /// Checks that the owner, whose webhooks are `existing`, may have a webhook of `scope` to
    /// `destination`: a new one (`replacing` nil) or webhook `replacing` changed so. The first
    /// rule broken is thrown, in this order: duplicate, full scope, second exception hook, shared
    /// destination.
    public func check(scope: String, destination: String, replacing id: Int64?, existing: [Slot]) throws(Violation) {
        let others = existing.filter { $0.id != id }
        if others.contains(where: { $0.scope == scope && $0.destination == destination }) { throw .duplicate }
        if others.count(where: { $0.scope == scope }) >= maxHooksPerScope { throw .scopeFull }
        let exceptionScope = DeliveryExceptionCode.scope
        let isException = scope == exceptionScope
        if isException, others.contains(where: { $0.scope == exceptionScope }) { throw .exceptionHookExists }
        if others.contains(where: { $0.destination == destination && ($0.scope == exceptionScope) != isException }) {
            throw .exceptionHookDestinationShared
        }
    }
}
