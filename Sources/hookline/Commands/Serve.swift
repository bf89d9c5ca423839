import ArgumentParser
import Foundation
import HooklineAPI
import HooklineCore
import HooklineDelivery
import HooklineStore
import Hummingbird
import Logging
import ServiceLifecycle

/// `hookline serve`: runs the HTTP API until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Hookline server.",
        discussion: "Every option can also be set with the environment variable named in its help.")

    @Option(help: "Address to listen on. (HOOKLINE_HOST)")
    var host: String = Environment.string("HOOKLINE_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one. (HOOKLINE_PORT)")
    var port: Int = Environment.integer("HOOKLINE_PORT") ?? 8080

    @Option(help: "Database: sqlite:PATH or postgres://user:pass@host:port/db. (HOOKLINE_DATABASE)")
    var database: String = Environment.string("HOOKLINE_DATABASE") ?? "sqlite:./hookline.sqlite"

    @Option(help: "Operator admin token; if absent, one is generated on first start and printed once. (HOOKLINE_ADMIN_TOKEN)")
    var adminToken: String?

    @Flag(help: "Accept http destinations and any port. (HOOKLINE_ALLOW_INSECURE_DESTINATIONS)")
    var allowInsecureDestinations = false

    @Flag(help: "Accept loopback, private and link-local destinations, for development and tests. (HOOKLINE_ALLOW_PRIVATE_DESTINATIONS)")
    var allowPrivateDestinations = false

    @Option(help: "Client API requests allowed per access token per window. (HOOKLINE_RATE_LIMIT_QUOTA)")
    var rateLimitQuota: Int = Environment.integer("HOOKLINE_RATE_LIMIT_QUOTA") ?? RateLimitPolicy.bigCommerceStandard.quota

    @Option(help: "Rate-limit window in milliseconds. (HOOKLINE_RATE_LIMIT_WINDOW_MS)")
    var rateLimitWindowMs: Int = Environment.integer("HOOKLINE_RATE_LIMIT_WINDOW_MS")
        ?? Int(RateLimitPolicy.bigCommerceStandard.windowMilliseconds)

    @Flag(help: "Create (idempotently) a demo store and API account and print how to use them; also allows http and private destinations. (HOOKLINE_DEMO)")
    var demo = false

    @OptionGroup var delivery: DeliveryOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (HOOKLINE_LOG_LEVEL)")
    var logLevel: String = Environment.string("HOOKLINE_LOG_LEVEL") ?? "info"

    /// `--admin-token`, else `HOOKLINE_ADMIN_TOKEN`.
    var givenAdminToken: String? { adminToken ?? Environment.string("HOOKLINE_ADMIN_TOKEN") }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard rateLimitQuota >= 1 else { throw ValidationError("--rate-limit-quota must be at least 1") }
        guard rateLimitWindowMs >= 1 else { throw ValidationError("--rate-limit-window-ms must be at least 1") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        do { _ = try DatabaseLocation(parsing: database) } catch { throw ValidationError(error.description) }
        if let adminToken = givenAdminToken, adminToken.count < 16 {
            throw ValidationError("--admin-token must be at least 16 characters")
        }
        try delivery.validate()
    }

    func run() async throws {
        var logger = Logger(label: "hookline")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        switch try StorageOpener.open(database, logger: logger) {
        case .sqlite(let storage):
            try await serve(storage: storage, postgres: nil, logger: logger)
        case .postgres(let storage):
            // The client's connection pool runs beside the server; migrations run under an advisory
            // lock, so several nodes may start at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await storage.run() }
                try await storage.migrate()
                try await serve(storage: storage, postgres: storage, logger: logger)
                group.cancelAll()
            }
        }
    }

    /// Runs the API and the delivery engine on opened storage until SIGINT or SIGTERM.
    private func serve(storage: any HooklineStorage, postgres: PostgresStorage?, logger: Logger) async throws {
        let isDemo = demo || Environment.flag("HOOKLINE_DEMO")
        let adminTokenHash = try await AdminTokenSetup.resolve(given: givenAdminToken, storage: storage, demo: isDemo)

        let policy = DestinationPolicy(
            allowInsecure: allowInsecureDestinations || isDemo || Environment.flag("HOOKLINE_ALLOW_INSECURE_DESTINATIONS"),
            allowPrivate: allowPrivateDestinations || isDemo || Environment.flag("HOOKLINE_ALLOW_PRIVATE_DESTINATIONS"))
        // With delivery off this node only takes events; they wait, pending, for a node that delivers.
        let engine: DeliveryEngine? =
            if delivery.deliveryIsOff {
                nil
            } else {
                try DeliveryEngine(
                    storage: storage, configuration: try delivery.configuration(destinationPolicy: policy), logger: logger)
            }
        let settings = APISettings(
            destinationPolicy: policy,
            rateLimit: RateLimitPolicy(quota: rateLimitQuota, windowMilliseconds: Int64(rateLimitWindowMs)),
            onDeliveriesCreated: { engine?.wake() }, handoff: engine)
        let router = HooklineRouter.make(storage: storage, adminTokenHash: adminTokenHash, settings: settings)

        let demoTenant =
            isDemo
            ? try await TenantProvisioning(storage: storage)
                .ensureDemoTenant(storeHash: DemoTenant.storeHash, accountName: DemoTenant.accountName) : nil

        let host = self.host
        let deliveryIsOff = engine == nil
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Hookline"),
            onServerRunning: { channel in
                let baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(channel.localAddress?.port ?? 0)"
                if let (store, issued) = demoTenant {
                    DemoTenant.printInstructions(store: store, issued: issued, baseURL: baseURL)
                }
                if deliveryIsOff { Console.line("Delivery is off on this node (--no-delivery): events are accepted and stay pending.") }
                Console.line("Hookline listening on \(baseURL)")
            },
            logger: logger)
        let services = ServiceGroup(
            configuration: .init(
                // Stopped in reverse order: the API stops taking events first, then deliveries drain.
                services: (engine.map { [.init(service: $0)] } ?? []) + [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        // With PostgreSQL, events published through any node wake this node's engine (LISTEN/NOTIFY);
        // the engine's idle poll remains the safety net. A node without delivery has nothing to wake.
        var listener: Task<Void, Never>?
        if let postgres, let engine {
            listener = Task {
                while !Task.isCancelled {
                    do {
                        try await postgres.listenForDeliveries { engine.wake() }
                    } catch {
                        if Task.isCancelled { return }
                        logger.warning("listening for new deliveries failed; retrying", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
            }
        }
        defer { listener?.cancel() }
        try await services.run()
    }
}
