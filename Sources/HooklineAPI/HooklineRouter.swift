import Hummingbird
import HooklineCore
import HooklineStore

/// Assembles Hookline's HTTP routes: the BigCommerce-compatible client API, the operator admin API and `/health`.
public enum HooklineRouter {
    /// Builds the router.
    ///
    /// - Parameters:
    ///   - storage: Where everything is kept.
    ///   - adminTokenHash: SHA-256 hex digest of the operator's admin token at start (the stored one
    ///     is read again as it is rotated).
    ///   - settings: BigCommerce rules and their overrides.
    public static func make(
        storage: any HooklineStorage, adminTokenHash: String, settings: APISettings = APISettings()
    ) -> Router<HooklineRequestContext> {
        let router = Router(context: HooklineRequestContext.self)
        router.add(middleware: ErrorBodyMiddleware())
        router.get("health") { _, _ in JSONResponse.make(status: .ok, body: ["status": "ok"]) }

        let client = router.group("stores/:store_hash/v3")
            .add(middleware: ClientAuthMiddleware(storage: storage))
            .add(middleware: RateLimitMiddleware(storage: storage, policy: settings.rateLimit))
        HooksAdminController(storage: storage).register(on: client)
        HookEventsController(storage: storage).register(on: client)
        HooksController(storage: storage, settings: settings).register(on: client)

        let provisioning = TenantProvisioning(storage: storage)
        let credential = AdminCredential(storage: storage, hash: adminTokenHash, now: .now)
        let admin = router.group("admin/v1").add(middleware: AdminAuthMiddleware(credential: credential))
        AdminTokenController(credential: credential).register(on: admin)
        StoresController(storage: storage, provisioning: provisioning).register(on: admin)
        AccountsController(storage: storage, provisioning: provisioning).register(on: admin)
        EventsController(storage: storage, settings: settings).register(on: admin)
        DeliveryLogController(storage: storage, settings: settings).register(on: admin)
        return router
    }
}
