import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// Several nodes on one PostgreSQL: work is shared with leases, and a node killed with SIGKILL
/// loses nothing: the survivor takes its leases once they expire.
@Suite(.enabled(if: TestPostgres.adminURL != nil, "needs HOOKLINE_TEST_POSTGRES_URL"))
struct MultiNodeTests {
    static let eventCount = 5000
    static let paths = ["/h1", "/h2", "/h3", "/h4"]

    /// Starts `node-a` and `node-b` on `database` at once (migrations are serialised by an advisory
    /// lock), delivering to loopback with retries a second apart.
    static func startNodes(database: String, adminToken: String, leaseSeconds: Int, requestTimeout: Int) async throws
        -> ((HooklineProcess, String), (HooklineProcess, String))
    {
        func arguments(_ node: String) -> [String] {
            [
                "--allow-insecure-destinations", "--allow-private-destinations", "--lease-seconds", "\(leaseSeconds)",
                "--request-timeout", "\(requestTimeout)", "--retry-schedule", "1,1,1,1,1", "--log-level", "error",
                "--node-id", node,
            ]
        }
        async let startA = ServeAndCLITests.startServer(arguments("node-a"), database: database, adminToken: adminToken)
        async let startB = ServeAndCLITests.startServer(arguments("node-b"), database: database, adminToken: adminToken)
        return (try await startA, try await startB)
    }

    @Test func twoNodesShareTheWorkAndSurviveAKill() async throws {
        let adminURL = try #require(TestPostgres.adminURL)
        let database = try await TestPostgres.createDatabase(adminURL: adminURL)
        let receiver = try await Receiver()
        let adminToken = "multinode-admin-token-0123456789"
        let ((nodeA, baseA), (nodeB, baseB)) = try await Self.startNodes(
            database: database, adminToken: adminToken, leaseSeconds: 20, requestTimeout: 5)

        let adminA = AdminCalls(base: baseA, token: adminToken)
        let adminB = AdminCalls(base: baseB, token: adminToken)
        _ = try await adminA.send(.POST, "/admin/v1/stores", ["store_hash": "multi"])
        let account = try await adminB.send(.POST, "/admin/v1/stores/multi/accounts", ["name": "multi"])
        let secret = try #require(account["client_secret"] as? String)
        let token = try #require(account["access_token"] as? String)
        // Two destination hosts: 127.0.0.1 and localhost.
        let destinations = [receiver.url("/h1"), receiver.url("/h2"), receiver.localhostURL("/h3"), receiver.localhostURL("/h4")]
        for destination in destinations {
            _ = try await adminA.send(
                .POST, "/stores/multi/v3/hooks", ["scope": "store/order/*", "destination": destination], clientToken: token)
        }
        for (number, batch) in stride(from: 0, to: Self.eventCount, by: 500).enumerated() {
            let events = (batch..<batch + 500).map { index in
                ["id": "order-\(index)", "scope": "store/order/created", "data": ["type": "order", "id": index]] as [String: Any]
            }
            let answer = try await (number % 2 == 0 ? adminA : adminB).sendList(.POST, "/admin/v1/stores/multi/events", ["events": events])
            #expect(answer.count == 500)
        }

        let total = Self.eventCount * Self.paths.count
        try await receiver.waitFor("deliveries under way", timeout: .seconds(120)) { $0.count >= total / 10 }
        nodeA.signal(SIGKILL)
        _ = try await nodeA.waitForExit()

        // Generous: a debug build talks to PostgreSQL far slower than a release build.
        let deliveries = try await receiver.waitFor("every pair delivered", timeout: .seconds(900)) { deliveries in
            Set(deliveries.map { $0.header("webhook-id") ?? "" }).count >= total
        }
        // The dead node's leased deliveries (some already sent, never recorded) fall to the survivor
        // once their leases expire.
        let db = TestPostgres(url: database)
        _ = try await Eventually.wait("the survivor drained the dead node's leases", timeout: .seconds(300)) {
            try await db.scalar("SELECT count(*)::text FROM deliveries WHERE state <> 'succeeded'") == "0" ? true : nil
        }
        nodeB.signal(SIGTERM)
        _ = try await nodeB.waitForExit()

        let verifier = WebhookSignature(clientSecret: secret)
        var pairs = Set<String>()
        for delivery in deliveries {
            #expect(verifier.verify(
                id: delivery.header("webhook-id") ?? "", timestamp: Int64(delivery.header("webhook-timestamp") ?? "") ?? 0,
                body: delivery.body, signatureHeader: delivery.header("webhook-signature") ?? "",
                now: Int64(delivery.receivedAt.timeIntervalSince1970)))
            pairs.insert("\((delivery.json["data"] as? [String: Any])?["id"] as? Int ?? -1)\(delivery.path)")
        }
        #expect(pairs.count == total, "every (event, hook) pair arrived at least once")

        let overlapping = try await db.scalar(
            """
            SELECT count(*)::text FROM attempts a JOIN attempts b ON a.delivery_id = b.delivery_id AND a.id < b.id
            AND a.node <> b.node AND a.started_at < b.started_at + b.duration_ms AND b.started_at < a.started_at + a.duration_ms
            """)
        #expect(overlapping == "0", "no delivery was attempted by two nodes at the same time")
        let nodes = try await db.scalar("SELECT string_agg(DISTINCT node, ',' ORDER BY node) FROM attempts")
        #expect(nodes == "node-a,node-b", "both nodes delivered")
        let survivorTookOver = try await db.scalar(
            "SELECT count(DISTINCT delivery_id)::text FROM attempts b WHERE node = 'node-b' AND EXISTS (SELECT 1 FROM attempts a WHERE a.delivery_id = b.delivery_id AND a.node = 'node-a')")
        print("multi-node test: node-b re-attempted \(survivorTookOver ?? "?") deliveries node-a had attempted")
        let duplicates = deliveries.count - total
        print("multi-node test: \(deliveries.count) requests for \(total) pairs (\(duplicates) duplicates)")
    }
}
