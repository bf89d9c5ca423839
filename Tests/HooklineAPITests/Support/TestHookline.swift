import Foundation
import HooklineAPI
import HooklineCore
import HooklineStore
import Hummingbird
import HooklineTestSupport
import Logging

/// A real Hookline server for one test: a fresh database (SQLite file, or PostgreSQL database when
/// the run selects it) and the full router, served on a loopback port (`LoopbackServer`).
struct TestHookline {
    static let adminToken = "test-admin-token-0123456789abcdef"

    let databaseLocation: String
    var settings: APISettings

    /// A server on a fresh database.
    init(settings: APISettings = TestHookline.developmentSettings) async throws {
        self.databaseLocation = try await TestStorage.newLocation()
        self.settings = settings
    }

    /// BigCommerce's rules, with a quota large enough that only the rate-limit tests reach it.
    static var developmentSettings: APISettings {
        APISettings(rateLimit: RateLimitPolicy(quota: 100_000, windowMilliseconds: 60_000))
    }

    /// Starts the server on the database (opening it anew, as a restarted process would) and runs `body`.
    func run<T: Sendable>(_ body: @Sendable (APIClient) async throws -> T) async throws -> T {
        let opened = try await TestStorage.open(databaseLocation)
        let router = HooklineRouter.make(
            storage: opened.storage, adminTokenHash: Credentials.tokenHash(Self.adminToken), settings: settings)
        var logger = Logger(label: "hookline-test")
        logger.logLevel = .warning
        let server = await LoopbackServer(responder: router.buildResponder(), logger: logger)
        do {
            let result = try await body(APIClient(http: TestHTTPClient(baseURL: server.baseURL)))
            try await server.stop()
            await opened.close()
            return result
        } catch {
            try? await server.stop()
            await opened.close()
            throw error
        }
    }
}

/// A store and an API account in it, as the admin API issued them.
struct Tenant: Sendable {
    var storeHash: String
    var storeID: Int64
    var clientID: String
    var clientSecret: String
    var token: String

    /// `/stores/{hash}/v3` + `path`.
    func path(_ path: String) -> String { "/stores/\(storeHash)/v3\(path)" }
}
