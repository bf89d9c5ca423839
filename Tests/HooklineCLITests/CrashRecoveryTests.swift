import Foundation
import HooklineCore
import HooklineTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// At least once, through a crash: the real binary is killed with SIGKILL while delivering and
/// restarted on the same database; every accepted (event, webhook) pair still arrives, signed.
@Suite struct CrashRecoveryTests {
    static let eventCount = 5000
    static let hookCount = 4

    @Test func killMinusNineMidDeliveryLosesNothing() async throws {
        let receiver = try await Receiver()
        let database = ServeAndCLITests.temporaryDatabase()
        let adminToken = "crash-admin-token-0123456789"
        let serveArguments = [
            "--allow-insecure-destinations", "--allow-private-destinations", "--lease-seconds", "4",
            "--request-timeout", "3", "--retry-schedule", "1,1,1,1,1", "--log-level", "error",
        ]
        var (server, base) = try await ServeAndCLITests.startServer(serveArguments, database: database, adminToken: adminToken)

        let admin = AdminCalls(base: base, token: adminToken)
        _ = try await admin.send(.POST, "/admin/v1/stores", ["store_hash": "crash"])
        let account = try await admin.send(.POST, "/admin/v1/stores/crash/accounts", ["name": "crash"])
        let secret = try #require(account["client_secret"] as? String)
        let token = try #require(account["access_token"] as? String)
        for hook in 1...Self.hookCount {
            _ = try await admin.send(
                .POST, "/stores/crash/v3/hooks", ["scope": "store/order/*", "destination": receiver.url("/h\(hook)")],
                clientToken: token)
        }
        for batch in stride(from: 0, to: Self.eventCount, by: 1000) {
            let events = (batch..<batch + 1000).map { index in
                ["id": "order-\(index)", "scope": "store/order/created", "data": ["type": "order", "id": index]] as [String: Any]
            }
            let answer = try await admin.sendList(.POST, "/admin/v1/stores/crash/events", ["events": events])
            #expect(answer.count == 1000 && answer.allSatisfy { $0["deliveries"] as? Int == Self.hookCount })
        }

        // Kill it mid-delivery, with no chance to finish or release anything.
        let total = Self.eventCount * Self.hookCount
        try await receiver.waitFor("deliveries under way", timeout: .seconds(120)) { $0.count >= total / 10 }
        server.signal(SIGKILL)
        _ = try await server.waitForExit()
        let beforeRestart = receiver.deliveries().count
        #expect(beforeRestart < total, "the crash must come before everything was delivered")

        (server, _) = try await ServeAndCLITests.startServer(serveArguments, database: database, adminToken: adminToken)
        let deliveries = try await receiver.waitFor("every pair delivered", timeout: .seconds(240)) { deliveries in
            deliveries.count >= total && Set(deliveries.map { $0.header("webhook-id") ?? "" }).count >= total
        }
        server.signal(SIGTERM)
        _ = try await server.waitForExit()

        let verifier = WebhookSignature(clientSecret: secret)
        var pairs = Set<String>()
        var invalid = 0
        for delivery in deliveries {
            let valid = verifier.verify(
                id: delivery.header("webhook-id") ?? "", timestamp: Int64(delivery.header("webhook-timestamp") ?? "") ?? 0,
                body: delivery.body, signatureHeader: delivery.header("webhook-signature") ?? "",
                now: Int64(delivery.receivedAt.timeIntervalSince1970))
            if !valid { invalid += 1 }
            let orderID = (delivery.json["data"] as? [String: Any])?["id"] as? Int ?? -1
            pairs.insert("\(orderID)\(delivery.path)")
        }
        #expect(invalid == 0, "every delivery carries a valid signature")
        #expect(pairs.count == total, "every (event, hook) pair arrived at least once")
        let expected = Set((0..<Self.eventCount).flatMap { index in (1...Self.hookCount).map { "\(index)/h\($0)" } })
        #expect(pairs == expected)
        print("crash test: \(beforeRestart) delivered before SIGKILL, \(deliveries.count) requests in all, \(deliveries.count - total) duplicates")
    }
}

/// JSON calls to a Hookline server for the process-level tests.
struct AdminCalls: Sendable {
    var base: String
    var token: String

    func request(_ method: HTTPMethod, _ path: String, _ body: [String: Any], clientToken: String?) async throws -> Any {
        var headers = HTTPHeaders()
        if let clientToken {
            headers.add(name: "X-Auth-Token", value: clientToken)
        } else {
            headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        headers.add(name: "Content-Type", value: "application/json")
        let answer = try await TestHTTPClient(baseURL: base).send(
            method, path, headers: headers,
            body: String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self), timeout: .seconds(60))
        guard (200..<300).contains(answer.status) else {
            throw ProcessFailure("\(method) \(path) answered \(answer.status): \(answer.body)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return json?["data"] ?? [:]
    }

    func send(_ method: HTTPMethod, _ path: String, _ body: [String: Any], clientToken: String? = nil) async throws -> [String: Any] {
        try await request(method, path, body, clientToken: clientToken) as? [String: Any] ?? [:]
    }

    func sendList(_ method: HTTPMethod, _ path: String, _ body: [String: Any]) async throws -> [[String: Any]] {
        try await request(method, path, body, clientToken: nil) as? [[String: Any]] ?? []
    }
}
