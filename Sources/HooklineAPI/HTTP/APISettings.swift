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
    /// What `/ready` checks and `/metrics` serves.
    public var operations: OperationsSettings
    /// The receiver built into `serve --demo`, whose routes are served when set.
    public var demoReceiver: DemoReceiver?

    /// Creates settings.
    public init(
        catalog: ScopeCatalog = .bigCommerce, destinationPolicy: DestinationPolicy = .bigCommerce,
        limits: WebhookLimits = .bigCommerce, rateLimit: RateLimitPolicy = .bigCommerceStandard,
        onDeliveriesCreated: @escaping @Sendable () -> Void = {}, handoff: (any DeliveryHandoff)? = nil,
        operations: OperationsSettings = OperationsSettings(), demoReceiver: DemoReceiver? = nil
    ) {
        self.operations = operations
        self.demoReceiver = demoReceiver
        self.onDeliveriesCreated = onDeliveriesCreated
        self.handoff = handoff
        self.catalog = catalog
        self.destinationPolicy = destinationPolicy
        self.limits = limits
        self.rateLimit = rateLimit
    }
}
