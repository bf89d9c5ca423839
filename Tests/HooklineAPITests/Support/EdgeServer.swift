import Foundation
import HooklineAPI
import HooklineCore
import HooklineTestSupport
import Logging
import ServiceLifecycle
import Synchronization

/// Hookline's real listeners, built as `hookline serve` builds them (deadlines, connection cap,
/// TLS, admin split), on loopback ports over a fresh database, for one test.
struct EdgeServer: Sendable {
    /// The public listener's base URL (`http://127.0.0.1:PORT` or `https://…`).
    var publicURL: String
    /// The public listener's port.
    var port: Int
    /// The private admin listener's base URL, when the test asked for one.
    var adminURL: String?

    private final class Announced: Sendable {
        let urls = Mutex<[Bool: String]>([:])
    }

    /// Starts the listeners, runs `body`, then stops them gracefully.
    static func run<T: Sendable>(
        limits: ServerLimits = ServerLimits(), tls: TLSCertificateFiles? = nil, adminListener: Bool = false,
        settings: APISettings = TestHookline.developmentSettings, _ body: @Sendable (EdgeServer) async throws -> T
    ) async throws -> T {
        let opened = try await TestStorage.open(try await TestStorage.newLocation())
        var logger = Logger(label: "hookline-edge-test")
        logger.logLevel = .warning
        let announced = Announced()
        let services = try HooklineServer.listeners(
            host: "127.0.0.1", port: 0, admin: adminListener ? ("127.0.0.1", 0) : nil, limits: limits, tls: tls,
            router: { routes in
                HooklineRouter.make(
                    storage: opened.storage, adminTokenHash: Credentials.tokenHash(TestHookline.adminToken),
                    settings: settings, routes: routes)
            }, logger: logger
        ) { url, isAdmin in announced.urls.withLock { $0[isAdmin] = url } }
        let group = ServiceGroup(services: services, logger: logger)
        let running = Task { try await group.run() }
        func stop() async {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            await opened.close()
        }
        do {
            let urls = try await Eventually.wait("the listeners to start") {
                let urls = announced.urls.withLock { $0 }
                return urls.count == (adminListener ? 2 : 1) ? urls : nil
            }
            let publicURL = urls[false]!
            let server = EdgeServer(
                publicURL: publicURL, port: Int(publicURL.split(separator: ":").last!)!, adminURL: urls[true])
            let result = try await body(server)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }
}
