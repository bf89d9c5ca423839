import Hummingbird
import HooklineCore
import HooklineStore

/// Assembles Hookline's HTTP routes in two sets: the BigCommerce-compatible client API, and the
/// operator's routes (the admin API, `/metrics`, and every other route meant for operators only).
/// `/health` and `/ready` are on every listener.
///
/// One listener serves both sets; with a private admin listener the public one serves only the
/// client set, so operator paths answer 404 there.
public enum HooklineRouter {
    /// Which route sets a listener serves.
    public struct RouteSets: OptionSet, Sendable {
        public let rawValue: Int
        /// Creates a set from its raw value.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// `/stores/{store_hash}/v3/…` and `/inbound/{name}`.
        public static let client = RouteSets(rawValue: 1)
        /// `/admin/v1/…` and the other operator routes.
        public static let admin = RouteSets(rawValue: 2)
        /// Both: a single listener.
        public static let all: RouteSets = [.client, .admin]
    }

    /// Builds the router of one listener.
    ///
    /// - Parameters:
    ///   - storage: Where everything is kept.
    ///   - publisher: What accepts published events; `nil` publishes straight into `storage`, whose
    ///     deliveries then wait for a claim (a node without delivery, a test of the API alone).
    ///   - adminTokenHash: SHA-256 hex digest of the operator's admin token at start (the stored one
    ///     is read again as it is rotated).
    ///   - settings: BigCommerce rules and their overrides.
    ///   - routes: The route sets this listener serves.
    public static func make(
        storage: any HooklineStorage, publisher: (any EventPublishing)? = nil, adminTokenHash: String,
        settings: APISettings = APISettings(), routes: RouteSets = .all
    ) -> Router<HooklineRequestContext> {
        let router = Router(context: HooklineRequestContext.self)
        router.add(middleware: ClientAddressMiddleware(trustedProxies: settings.trustedProxies))
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: ErrorBodyMiddleware())
        operations(storage: storage, settings: settings).registerProbes(on: router)
        if routes.contains(.client) { addClientRoutes(to: router, storage: storage, publisher: publisher, settings: settings) }
        if routes.contains(.admin) {
            addAdminRoutes(
                to: router, storage: storage, publisher: publisher, adminTokenHash: adminTokenHash, settings: settings)
        }
        return router
    }

    /// `/health`, `/ready` and `/metrics`.
    static func operations(storage: any HooklineStorage, settings: APISettings) -> OperationsController {
        OperationsController(
            readiness: Readiness(storage: storage, deliveryRunning: settings.operations.deliveryRunning),
            settings: settings.operations)
    }

    /// Adds the client API: what a store's API accounts call, from anywhere; and the inbound gateway
    /// (`/inbound/{name}`), which outside senders call, so it is public too.
    public static func addClientRoutes(
        to router: Router<HooklineRequestContext>, storage: any HooklineStorage, publisher: (any EventPublishing)? = nil,
        settings: APISettings
    ) {
        InboundController(
            sources: storage, publisher: publisher ?? storage, settings: settings,
            failures: AuthFailureGuard(policy: settings.authFailures)
        ).register(on: router)
        let client = router.group("stores/:store_hash/v3")
            .add(middleware: ClientAuthMiddleware(storage: storage, failures: AuthFailureGuard(policy: settings.authFailures)))
            .add(middleware: RateLimitMiddleware(storage: storage, policy: settings.rateLimit))
        HooksAdminController(storage: storage).register(on: client)
        HookEventsController(storage: storage).register(on: client)
        HooksController(storage: storage, settings: settings).register(on: client)
    }

    /// Adds the operator's routes: the admin API, and any route only operators should reach
    /// (add new ones here, so a private admin listener takes them off the public one).
    public static func addAdminRoutes(
        to router: Router<HooklineRequestContext>, storage: any HooklineStorage, publisher: (any EventPublishing)?,
        adminTokenHash: String, settings: APISettings
    ) {
        let provisioning = TenantProvisioning(storage: storage)
        let credential = AdminCredential(storage: storage, hash: adminTokenHash, now: .now)
        let adminFailures = AuthFailureGuard(policy: settings.authFailures)
        let adminAuth = AdminAuthMiddleware(credential: credential, failures: adminFailures)
        let admin = router.group("admin/v1").add(middleware: adminAuth)
        AdminTokenController(credential: credential).register(on: admin)
        StoresController(storage: storage, provisioning: provisioning).register(on: admin)
        AccountsController(storage: storage, provisioning: provisioning).register(on: admin)
        EventsController(publisher: publisher ?? storage, settings: settings).register(on: admin)
        DeliveryLogController(storage: storage, settings: settings).register(on: admin)
        HookDeliveryController(storage: storage).register(on: admin)
        StatusController(storage: storage).register(on: admin)
        InboundSourcesController(storage: storage).register(on: admin)
        operations(storage: storage, settings: settings).registerMetrics(on: router, adminAuth: adminAuth)
        if let demoReceiver = settings.demoReceiver {
            DemoReceiverController(receiver: demoReceiver).register(public: router, admin: admin)
        }
        DashboardRoutes.add(to: router, storage: storage, credential: credential, settings: settings, failures: adminFailures)
    }
}
