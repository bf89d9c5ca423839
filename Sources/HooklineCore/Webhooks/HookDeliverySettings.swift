/// How a webhook's deliveries go out, as its operator set it: in order or not, and how hard the
/// receiver may be pushed. Hookline's own extension; BigCommerce's wire format does not carry it.
///
/// The defaults (`any` order, no limits) are what every webhook has until an operator changes them.
public struct HookDeliverySettings: Sendable, Equatable, Codable {
    /// Whether deliveries keep the order events were published in.
    public enum Ordering: String, Sendable, Equatable, Codable, CaseIterable {
        /// Deliveries go out as they come due, several at once.
        case any
        /// First in, first out: one delivery in flight at a time, in the store's event sequence; a
        /// failing delivery holds the later ones until it succeeds or is given up.
        case fifo
    }

    /// Whether deliveries keep publish order.
    public var ordering: Ordering
    /// At most this many requests a second to the webhook, per node; `nil` for no limit.
    public var maxPerSecond: Int?
    /// At most this many of the webhook's deliveries in flight at once; `nil` for no limit.
    public var maxInFlight: Int?

    /// Creates settings; the defaults are those of a webhook nobody configured.
    public init(ordering: Ordering = .any, maxPerSecond: Int? = nil, maxInFlight: Int? = nil) {
        self.ordering = ordering
        self.maxPerSecond = maxPerSecond
        self.maxInFlight = maxInFlight
    }

    /// A webhook nobody configured: any order, no limits.
    public static let unconfigured = HookDeliverySettings()
}
