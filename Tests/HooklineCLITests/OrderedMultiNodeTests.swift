import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// A FIFO webhook served by two nodes on one PostgreSQL, one of them killed with SIGKILL while it
/// has the webhook's delivery in flight: the receiver still gets every event in publish order, the
/// one in flight possibly twice, never one after it early.
@Suite(.enabled(if: TestPostgres.adminURL != nil, "needs HOOKLINE_TEST_POSTGRES_URL"))
struct OrderedMultiNodeTests {
    static let eventCount = 30

    @Test func twoNodesKeepAFIFOWebhooksOrderThroughFailuresAndAKill() async throws {
        let adminURL = try #require(TestPostgres.adminURL)
        let database = try await TestPostgres.createDatabase(adminURL: adminURL)
        let receiver = try await Receiver()
        // Some attempts fail (each is retried after a second) before the kill.
        receiver.behave("/fifo", .sequence([200, 500, 200, 200, 503, 200, 200, 200, 500, 200]))
        let adminToken = "ordered-multinode-admin-token-0123456789"
        let (nodeA, nodeB) = try await MultiNodeTests.startNodes(
            database: database, adminToken: adminToken, leaseSeconds: 4, requestTimeout: 2)
        let nodes = ["node-a": nodeA, "node-b": nodeB]
        let admin = AdminCalls(base: try #require(nodes["node-a"]).1, token: adminToken)
        _ = try await admin.send(.POST, "/admin/v1/stores", ["store_hash": "ordered"])
        let account = try await admin.send(.POST, "/admin/v1/stores/ordered/accounts", ["name": "ordered"])
        let token = try #require(account["access_token"] as? String)
        let hook = try await admin.send(
            .POST, "/stores/ordered/v3/hooks", ["scope": "store/order/*", "destination": receiver.url("/fifo")], clientToken: token)
        let hookID = try #require(hook["id"] as? Int)
        let settings = try await admin.send(.PUT, "/admin/v1/stores/ordered/hooks/\(hookID)/delivery", ["ordering": "fifo"])
        #expect(settings["ordering"] as? String == "fifo")

        let events = (1...Self.eventCount).map { index in
            ["id": "order-\(index)", "scope": "store/order/created", "data": ["type": "order", "id": index]] as [String: Any]
        }
        // Half the events through each node.
        let half = Self.eventCount / 2
        _ = try await admin.sendList(.POST, "/admin/v1/stores/ordered/events", ["events": Array(events[..<half])])
        let adminB = AdminCalls(base: try #require(nodes["node-b"]).1, token: adminToken)
        _ = try await adminB.sendList(.POST, "/admin/v1/stores/ordered/events", ["events": Array(events[half...])])

        // Mid-stream, the next request hangs; kill the node that sent it, with its lease held.
        try await receiver.waitFor("deliveries under way") { $0.count >= 12 }
        // Shorter than the lease, so the hung request has ended when the survivor resends it.
        receiver.behave("/fifo", .hang(.seconds(2)))
        let hungAt = receiver.deliveries("/fifo").count
        try await receiver.waitFor("a request hanging") { $0.count > hungAt }
        let db = TestPostgres(url: database)
        let holder = try await Eventually.wait("the delivery in flight has a lease") {
            try await db.scalar("SELECT lease_owner FROM deliveries WHERE state = 'pending' AND lease_owner IS NOT NULL LIMIT 1")
        }
        let victim = try #require(nodes[holder], "leased by \(holder)")
        victim.0.signal(SIGKILL)
        _ = try await victim.0.waitForExit()
        receiver.behave("/fifo", .status(200))

        let deliveries = try await receiver.waitFor("every event delivered", timeout: .seconds(120)) { deliveries in
            Set(deliveries.compactMap { ($0.json["data"] as? [String: Any])?["id"] as? Int }).count == Self.eventCount
        }
        let ids = deliveries.compactMap { ($0.json["data"] as? [String: Any])?["id"] as? Int }
        let runs = ids.reduce(into: [Int]()) { runs, id in if runs.last != id { runs.append(id) } }
        #expect(runs == Array(1...Self.eventCount), "strictly in publish order, repeats only of the latest: \(ids)")
        #expect(receiver.peakConcurrency("/fifo") == 1, "one request at a time, across both nodes")
        let overlapping = try await db.scalar(
            """
            SELECT count(*)::text FROM attempts a JOIN attempts b ON a.id < b.id
            AND a.started_at < b.started_at + b.duration_ms AND b.started_at < a.started_at + a.duration_ms
            """)
        #expect(overlapping == "0", "no two of the webhook's attempts overlapped")
        let survivor = try #require(nodes[holder == "node-a" ? "node-b" : "node-a"])
        survivor.0.signal(SIGTERM)
        _ = try await survivor.0.waitForExit()
        print("ordered multi-node test: \(holder) killed; \(ids.count) requests for \(Self.eventCount) events")
    }
}
