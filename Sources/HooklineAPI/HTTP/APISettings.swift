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
    /// Reverse proxies whose `X-Forwarded-For` names the client (for the failed-auth throttle and logs).
    public var trustedProxies: TrustedProxies
    /// When an address that keeps failing authentication is answered 429.
    public var authFailures: AuthFailurePolicy
    /// What `/ready` checks and `/metrics` serves.
    public var operations: OperationsSettings
    /// The receiver built into `serve --demo`, whose routes are served when set.
    public var demoReceiver: DemoReceiver?
    /// Whether clients reach this server over https (its own TLS, or a proxy that ends TLS): the
    /// dashboard's session cookie is then marked `Secure`. Hummingbird's HTTP/1.1 over TLS does not
    /// tell a request's scheme, so the server's wiring says it here.
    public var secureCookies = false

    /// Creates settings.
    public init(
        catalog: ScopeCatalog = .bigCommerce, destinationPolicy: DestinationPolicy = .bigCommerce,
        limits: WebhookLimits = .bigCommerce, rateLimit: RateLimitPolicy = .bigCommerceStandard,
        trustedProxies: TrustedProxies = .none, authFailures: AuthFailurePolicy = .standard,
        operations: OperationsSettings = OperationsSettings(), demoReceiver: DemoReceiver? = nil
    ) {
        self.trustedProxies = trustedProxies
        self.authFailures = authFailures
        self.operations = operations
        self.demoReceiver = demoReceiver
        self.catalog = catalog
        self.destinationPolicy = destinationPolicy
        self.limits = limits
        self.rateLimit = rateLimit
    }
}
