import HooklineStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle

/// How Hookline's listeners are built: HTTP/1 with request deadlines, optionally behind TLS, a
/// connection cap through Hummingbird's `availableConnectionsDelegate`, and the route sets each serves.
public enum HooklineServer {
    /// The listeners: one serving every route, or, with `admin`, a private one for the operator
    /// routes (plain HTTP: it belongs on loopback or a private interface) and the public one for
    /// the client API only. `router` builds a listener's router for the route sets it serves
    /// (`HooklineRouter.make`); `announce` is called with each listener's base URL once it listens.
    public static func listeners(
        host: String, port: Int, admin: (host: String, port: Int)?, limits: ServerLimits, tls: TLSCertificateFiles?,
        router: (HooklineRouter.RouteSets) -> Router<HooklineRequestContext>, logger: Logger,
        announce: @escaping @Sendable (_ baseURL: String, _ isAdmin: Bool) async -> Void
    ) throws -> [any Service] {
        func listener(_ routes: HooklineRouter.RouteSets, host: String, port: Int, tls: TLSCertificateFiles?, isAdmin: Bool)
            throws -> any Service
        {
            let scheme = tls == nil ? "http" : "https"
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return Application(
                router: router(routes),
                server: try builder(limits: limits, tls: tls, logger: logger),
                configuration: configuration(address: .hostname(host, port: port), limits: limits, logger: logger),
                onServerRunning: { channel in await announce("\(scheme)://\(shownHost):\(channel.localAddress?.port ?? 0)", isAdmin) },
                logger: logger)
        }
        guard let admin else { return [try listener(.all, host: host, port: port, tls: tls, isAdmin: false)] }
        return [
            try listener(.admin, host: admin.host, port: admin.port, tls: nil, isAdmin: true),
            try listener(.client, host: host, port: port, tls: tls, isAdmin: false),
        ]
    }

    /// The server builder for a listener.
    public static func builder(
        limits: ServerLimits, tls: TLSCertificateFiles?, logger: Logger
    ) throws -> HTTPServerBuilder {
        let http1 = HTTPServerBuilder { responder in
            DeadlineHTTP1Channel(responder: responder, limits: limits, logger: logger)
        }
        guard let tls else { return http1 }
        return try .tls(http1, tlsConfiguration: tls.serverConfiguration())
    }

    /// The application configuration for a listener on `address`: past `limits.maxConnections`
    /// open connections, new ones wait in the listen backlog until others close.
    public static func configuration(address: BindAddress, limits: ServerLimits, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(
            address: address, serverName: "Hookline",
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger))
    }
}
