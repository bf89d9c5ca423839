import HooklineCore

/// The rules the HTTP API applies; the defaults are BigCommerce's.
public struct APISettings: Sendable {
    /// Known scopes.
    public var catalog: ScopeCatalog
    /// Which destinations are accepted.
    public var destinationPolicy: DestinationPolicy
    /// Per-client webhook limits.
    public var limits: WebhookLimits
    /// Client API request quota per access token.
    public var rateLimit: RateLimitPolicy
    /// Called when new deliveries are due (retries asked for, or a publish that `handoff` had no
    /// room for), to wake the delivery engine. A publish under a lease tells `handoff` instead.
    public var onDeliveriesCreated: @Sendable () -> Void
    /// This node's delivery engine, which publishes lease their new deliveries to; `nil` when the
    /// node does not deliver.
    public var handoff: (any DeliveryHandoff)?
    /// Whether clients reach this server over https (its own TLS, or a proxy that ends TLS): the
    /// dashboard's session cookie is then marked `Secure`. Hummingbird's HTTP/1.1 over TLS does not
    /// tell a request's scheme, so the server's wiring says it here.
    public var secureCookies = false

    /// Creates settings.
    public init(
        catalog: ScopeCatalog = .bigCommerce, destinationPolicy: DestinationPolicy = .bigCommerce,
        limits: WebhookLimits = .bigCommerce, rateLimit: RateLimitPolicy = .bigCommerceStandard,
        onDeliveriesCreated: @escaping @Sendable () -> Void = {}, handoff: (any DeliveryHandoff)? = nil
    ) {
        self.onDeliveriesCreated = onDeliveriesCreated
        self.handoff = handoff
        self.catalog = catalog
        self.destinationPolicy = destinationPolicy
        self.limits = limits
        self.rateLimit = rateLimit
    }
}
