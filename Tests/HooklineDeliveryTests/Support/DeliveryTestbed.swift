import AsyncHTTPClient
import Foundation
import HooklineAPI
import HooklineCore
import HooklineTestSupport
import HooklineDelivery
import HooklineStore
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// A whole Hookline in-process: API server on a loopback port, delivery engine, temporary SQLite
/// file. Retry schedule and limits are shrunk through configuration, never by faking time.
final class DeliveryTestbed: Sendable {
    static let adminToken = "delivery-test-admin-token-0123456789"

    let storage: any HooklineStorage
    /// The delivery engine, for tests that hand it deliveries as a publish does.
    let engine: DeliveryEngine
    private let closeStorage: @Sendable () async -> Void
    let baseURL: String
    private let server: LoopbackServer
    private let http: TestHTTPClient

    /// Starts Hookline with `configure` applied to a test delivery configuration. Publishes hand their
    /// deliveries to the engine through a `Publisher` (`handoff`), as `hookline serve` does;
    /// without, they go straight into the storage, whose `newWork()` stream wakes the engine.
    /// Deliveries resolve names with `resolver`. The timeouts are long (a test of them sets its own):
    /// at the congested start of the suite a receiver's answer of some hundreds of milliseconds must
    /// not turn into a timeout and a retry.
    init(
        apiPolicy: DestinationPolicy = DestinationPolicy(allowInsecure: true, allowPrivate: true), handoff: Bool = true,
        resolver: any HostResolver = SystemResolver(), configure: (inout DeliveryConfiguration) -> Void = { _ in }
    ) async throws {
        let opened = try await TestStorage.open(try await TestStorage.newLocation())
        storage = opened.storage
        closeStorage = opened.close
        var configuration = DeliveryConfiguration(
            nodeID: "test-node", connectTimeoutSeconds: 10, requestTimeoutSeconds: 20, leaseSeconds: 60,
            retrySchedule: RetrySchedule(delays: [1, 1]),
            destinationPolicy: DestinationPolicy(allowInsecure: true, allowPrivate: true), shutdownGraceSeconds: 2,
            idlePollMilliseconds: 200)
        configure(&configuration)
        var logger = Logger(label: "hookline-delivery-test")
        logger.logLevel = .warning
        let engine = try DeliveryEngine(queue: storage, configuration: configuration, logger: logger, resolver: resolver)
        self.engine = engine
        let settings = APISettings(
            destinationPolicy: apiPolicy, rateLimit: RateLimitPolicy(quota: 1_000_000, windowMilliseconds: 60_000))
        let router = HooklineRouter.make(
            storage: storage, publisher: handoff ? Publisher(queue: storage, engine: engine) : nil, adminTokenHash: Credentials.tokenHash(Self.adminToken), settings: settings)
        server = await LoopbackServer(responder: router.buildResponder(), services: [engine], logger: logger)
        baseURL = server.baseURL
        http = TestHTTPClient(baseURL: server.baseURL)
    }

    /// Stops like SIGTERM does (API first, then the engine drains) and waits until everything stopped;
    /// the storage stays open for inspection.
    func shutDown() async throws {
        try await server.stop()
    }

    /// Stops like a real server does: graceful shutdown of the API, then the engine.
    deinit {
        let server = self.server
        let closeStorage = self.closeStorage
        Task {
            try? await server.stop()
            await closeStorage()
        }
    }

    // MARK: HTTP

    /// An answer from Hookline.
    struct Answer: Sendable {
        var status: Int
        var body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
        var list: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
    }

    /// Sends a request to Hookline; `token` is a client access token, otherwise the admin token is used.
    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil) async throws -> Answer {
        var headers = HTTPHeaders()
        if let token {
            headers.add(name: "X-Auth-Token", value: token)
        } else {
            headers.add(name: "Authorization", value: "Bearer \(Self.adminToken)")
        }
        var body: String?
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            body = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        }
        let answer = try await http.send(method, path, headers: headers, body: body)
        return Answer(status: answer.status, body: answer.body)
    }

    /// A store and account to publish to.
    struct Client: Sendable {
        var storeHash: String
        var storeID: Int
        var clientID: String
        var clientSecret: String
        var token: String
    }

    /// Creates a store (or reuses it) and a new API account in it.
    func makeClient(store: String = "teststore") async throws -> Client {
        try await request(.POST, "/admin/v1/stores", json: ["store_hash": store])
        let storeID = try await request(.GET, "/admin/v1/stores/\(store)").data["store_id"] as? Int ?? 0
        let account = try await request(.POST, "/admin/v1/stores/\(store)/accounts", json: ["name": "client"])
        return Client(
            storeHash: store, storeID: storeID, clientID: account.data["client_id"] as? String ?? "",
            clientSecret: account.data["client_secret"] as? String ?? "", token: account.data["access_token"] as? String ?? "")
    }

    /// Creates a webhook and returns its id.
    func makeHook(_ client: Client, scope: String, destination: String, extra: [String: Any] = [:]) async throws -> Int {
        var body: [String: Any] = ["scope": scope, "destination": destination]
        body.merge(extra) { $1 }
        let answer = try await request(.POST, "/stores/\(client.storeHash)/v3/hooks", token: client.token, json: body)
        guard answer.status == 200, let id = answer.data["id"] as? Int else {
            throw TestbedFailure("creating a hook answered \(answer.status): \(answer.body)")
        }
        return id
    }

    /// Publishes one event; returns the publish answer's `data`.
    @discardableResult
    func publish(_ store: String, scope: String, data: Any = ["type": "order", "id": 1], id: String? = nil) async throws
        -> [String: Any]
    {
        var body: [String: Any] = ["scope": scope, "data": data]
        if let id { body["id"] = id }
        let answer = try await request(.POST, "/admin/v1/stores/\(store)/events", json: body)
        guard answer.status == 202 else { throw TestbedFailure("publishing answered \(answer.status): \(answer.body)") }
        return answer.data
    }

    /// Publishes `count` events of `scope` in batches of up to 100, with ids `idPrefix` + 0, 1, ….
    func publishMany(_ store: String, scope: String, count: Int, idPrefix: String) async throws {
        for start in stride(from: 0, to: count, by: 100) {
            let events = (start..<min(count, start + 100)).map {
                ["scope": scope, "data": ["type": "order", "id": $0], "id": "\(idPrefix)\($0)"] as [String: Any]
            }
            let answer = try await request(.POST, "/admin/v1/stores/\(store)/events", json: ["events": events])
            guard answer.status == 202 else { throw TestbedFailure("publishing a batch answered \(answer.status): \(answer.body)") }
        }
    }

    /// The attempts of a webhook, newest first.
    func attempts(_ store: String, hook: Int) async throws -> [[String: Any]] {
        try await request(.GET, "/admin/v1/stores/\(store)/hooks/\(hook)/attempts?limit=250").list
    }

    /// The deliveries of an event.
    func deliveries(_ store: String, event: String) async throws -> [[String: Any]] {
        try await request(.GET, "/admin/v1/stores/\(store)/events/\(event)/deliveries").list
    }
}

struct TestbedFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
