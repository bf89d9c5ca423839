import HooklineAPI
import HooklineStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The API's listeners for `hookline serve` as `--admin-host`/`--admin-port` and `--tls-cert` ask,
/// and with HTTPS the SIGHUP certificate reloader.
enum APIListeners {
    /// Builds the services; `router` builds a listener's router for the route sets it serves,
    /// `announce` is called with each listener's base URL and whether it is the admin one.
    static func make(
        edge: EdgeOptions, host: String, port: Int, router: (HooklineRouter.RouteSets) -> Router<HooklineRequestContext>,
        logger: Logger, announce: @escaping @Sendable (_ baseURL: String, _ isAdmin: Bool) async -> Void
    ) async throws -> [any Service] {
        let tls = try edge.certificateFiles()
        let reloader: [any Service] = if let tls { [await CertificateReloader(files: tls, logger: logger)] } else { [] }
        return try reloader
            + HooklineServer.listeners(
                host: host, port: port, admin: edge.adminListener, limits: edge.limits, tls: tls, router: router,
                logger: logger, announce: announce)
    }
}
