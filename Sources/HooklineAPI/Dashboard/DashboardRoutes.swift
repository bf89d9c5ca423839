import Hummingbird
import HooklineStore

/// Registers the operator's pages: `/dashboard` (with its stylesheet and login) and `/openapi.json`.
///
/// One function, so that a router split into public and admin route sets places them together.
public enum DashboardRoutes {
    /// Adds the dashboard's routes and `/openapi.json` to `router`; `failures` is the admin API's
    /// guard, so that the login form and the admin API share one failed-auth count per address.
    static func add(
        to router: Router<HooklineRequestContext>, storage: any HooklineStorage, credential: AdminCredential,
        settings: APISettings, failures: AuthFailureGuard, sessions: DashboardSessions = DashboardSessions()
    ) {
        router.get("openapi.json") { _, _ in OpenAPIDocument.response() }
        MethodNotAllowed.register(on: router, path: "openapi.json", allowed: [.get])
        DashboardController(storage: storage, credential: credential, settings: settings, sessions: sessions, failures: failures)
            .register(on: router)
    }
}
