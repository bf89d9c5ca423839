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
    var host: String = EnvironmentVariables.string("HOOKLINE_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one. (HOOKLINE_PORT)")
    var port: Int = EnvironmentVariables.integer("HOOKLINE_PORT") ?? 8080

    @Option(help: "Database: sqlite:PATH (one process per file) or postgres://user:pass@host:port/db, with libpq's sslmode (default prefer), sslrootcert, sslcert, sslkey. (HOOKLINE_DATABASE)")
    var database: String = EnvironmentVariables.string("HOOKLINE_DATABASE") ?? "sqlite:./hookline.sqlite"

    @Option(help: "Operator admin token; if absent, one is generated on first start and printed once. (HOOKLINE_ADMIN_TOKEN)")
    var adminToken: String?

    @Flag(help: "Accept http destinations and any port. (HOOKLINE_ALLOW_INSECURE_DESTINATIONS)")
    var allowInsecureDestinations = false

    @Flag(help: "Accept loopback, private and link-local destinations, for development and tests. (HOOKLINE_ALLOW_PRIVATE_DESTINATIONS)")
    var allowPrivateDestinations = false

    @Option(help: "Client API requests allowed per access token per window. (HOOKLINE_RATE_LIMIT_QUOTA)")
    var rateLimitQuota: Int = EnvironmentVariables.integer("HOOKLINE_RATE_LIMIT_QUOTA") ?? RateLimitPolicy.bigCommerceStandard.quota

    @Option(help: "Rate-limit window in milliseconds. (HOOKLINE_RATE_LIMIT_WINDOW_MS)")
    var rateLimitWindowMs: Int = EnvironmentVariables.integer("HOOKLINE_RATE_LIMIT_WINDOW_MS")
        ?? Int(RateLimitPolicy.bigCommerceStandard.windowMilliseconds)

    @Flag(help: "Create (idempotently) a demo store and API account and print how to use them; also allows http and private destinations. (HOOKLINE_DEMO)")
    var demo = false

    @OptionGroup var delivery: DeliveryOptions

    @OptionGroup var edge: EdgeOptions

    @OptionGroup var observability: ObservabilityOptions

    @OptionGroup var retention: RetentionOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. (HOOKLINE_LOG_LEVEL)")
    var logLevel: String = EnvironmentVariables.string("HOOKLINE_LOG_LEVEL") ?? "info"

    /// `--admin-token`, else `HOOKLINE_ADMIN_TOKEN`.
    var givenAdminToken: String? { adminToken ?? EnvironmentVariables.string("HOOKLINE_ADMIN_TOKEN") }

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
        try edge.validate()
        try observability.validate()
        try retention.validate()
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        observability.logFormat.bootstrap(level: level)
        // With --metrics off nothing is bootstrapped: swift-metrics keeps its no-op backend.
        let metrics = observability.metrics == .on ? MetricsExport.bootstrap() : nil
        var logger = Logger(label: "hookline")
        logger.logLevel = level
        logger[metadataKey: "node"] = "\(delivery.nodeName)"
        let files = FileLimit.raiseSoftToHard()
        logger.info(
            "open-file limit", metadata: ["soft": "\(files.soft)", "hard": "\(files.hard)", "now": "\(files.raisedTo)"])
        if metrics == nil { logger.notice("metrics are off (--metrics off): nothing is recorded and /metrics answers 404") }

        switch try await StorageOpener.open(database, logger: logger) {
        case .sqlite(let storage, let lock):
            defer { withExtendedLifetime(lock) {} }  // the lock is this process's until it ends
            try await serve(storage: storage, metrics: metrics, logger: logger)
        case .postgres(let storage):
            // The client's connection pool runs beside the server; migrations run under an advisory
            // lock, so several nodes may start at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await storage.run() }
                try await storage.migrate()
                try await serve(storage: storage, metrics: metrics, logger: logger)
                group.cancelAll()
            }
        }
    }

    /// Runs the API and the delivery engine on opened storage until SIGINT or SIGTERM. The engine
    /// hears of work other nodes made due through the storage's `newWork()` stream.
    private func serve(storage: any HooklineStorage, metrics: MetricsExport?, logger: Logger) async throws {
        let isDemo = demo || EnvironmentVariables.flag("HOOKLINE_DEMO")
        let adminTokenHash = try await AdminTokenSetup.resolve(given: givenAdminToken, storage: storage, demo: isDemo)

        let policy = DestinationPolicy(
            allowInsecure: allowInsecureDestinations || isDemo || EnvironmentVariables.flag("HOOKLINE_ALLOW_INSECURE_DESTINATIONS"),
            allowPrivate: allowPrivateDestinations || isDemo || EnvironmentVariables.flag("HOOKLINE_ALLOW_PRIVATE_DESTINATIONS"))
        // With delivery off this node only takes events; they wait, pending, for a node that delivers.
        let engine: DeliveryEngine? =
            if delivery.deliveryIsOff {
                nil
            } else {
                try DeliveryEngine(
                    queue: storage, configuration: try delivery.configuration(destinationPolicy: policy), logger: logger)
            }
        let deliveryRunning: (@Sendable () -> Bool)? = engine.map { engine in { @Sendable in engine.isRunning } }
        let operations = OperationsSettings(
            deliveryRunning: deliveryRunning, metricsText: metrics.map { metrics in { @Sendable in metrics.text() } },
            metricsPublic: observability.metricsArePublic)
        let settings = APISettings(
            destinationPolicy: policy,
            rateLimit: RateLimitPolicy(quota: rateLimitQuota, windowMilliseconds: Int64(rateLimitWindowMs)),
            trustedProxies: try edge.trustedProxies(), operations: operations,
            demoReceiver: isDemo ? DemoReceiver() : nil)
        // Publishes lease their new deliveries to this node's engine; without one they wait for a claim.
        let publisher = engine.map { Publisher(queue: storage, engine: $0) }

        let provisioning = TenantProvisioning(storage: storage)
        let demoTenant =
            isDemo
            ? try await provisioning.ensureDemoTenant(storeHash: DemoTenant.storeHash, accountName: DemoTenant.accountName) : nil

        let deliveryIsOff = engine == nil
        let listeners = try await APIListeners.make(
            edge: edge, host: host, port: port,
            router: { routes in
                HooklineRouter.make(
                    storage: storage, publisher: publisher, adminTokenHash: adminTokenHash, settings: settings, routes: routes)
            }, logger: logger
        ) { baseURL, isAdmin in
            if isAdmin { return Console.line("Hookline admin listening on \(baseURL)") }
            if let (store, issued) = demoTenant {
                // The demo webhook points at this server's own receiver, whose port is known only now.
                let owner = HookOwner(storeHash: store.storeHash, clientID: issued.account.clientID)
                do {
                    let hook = try await provisioning.ensureDemoWebhook(
                        owner: owner, scope: DemoReceiver.scope, destination: baseURL + DemoReceiver.path,
                        path: DemoReceiver.path)
                    DemoTenant.printInstructions(store: store, issued: issued, demoHook: hook, baseURL: baseURL)
                } catch {
                    logger.error("creating the demo webhook failed", metadata: ["error": "\(error)"])
                    DemoTenant.printInstructions(store: store, issued: issued, demoHook: nil, baseURL: baseURL)
                }
            }
            if deliveryIsOff { Console.line("Delivery is off on this node (--no-delivery): events are accepted and stay pending.") }
            Console.line("Hookline listening on \(baseURL)")
        }
        // Retention deletes in the background what is finished and older than --retention, beside the engine.
        let sweeper = RetentionService(store: storage, configuration: try retention.configuration(), logger: logger)
        // Stopped in reverse order: the API stops taking events first, then deliveries drain. The
        // queue sampler only feeds metrics: with them off it does not run.
        var running: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if metrics != nil {
            running.append(.init(service: QueueSampler(
                storage: storage, interval: .seconds(observability.metricsSampleSeconds), logger: logger)))
        }
        running.append(.init(service: sweeper))
        if let engine { running.append(.init(service: engine)) }
        running += listeners.map { .init(service: $0) }
        let services = ServiceGroup(
            configuration: .init(services: running, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }
}
