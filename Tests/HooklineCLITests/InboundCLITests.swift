import Foundation
import HooklineCore
import HooklineTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// The inbound gateway through the real binary: sources declared with `hookline inbound`, signed
/// webhooks published into the store and delivered to its webhook, and a `kill -9` right after the
/// last 2xx losing nothing; on SQLite, and on PostgreSQL when `HOOKLINE_TEST_POSTGRES_URL` is set.
@Suite struct InboundCLITests {
    static let secret = "inbound-cli-secret-0123456789"
    /// Few enough that the failed attempts before the kill stay under the blocklist's 100 per window.
    static let webhookCount = 20

    /// A signed `POST /inbound/{source}` of order `orderID`, as a BigCommerce store sends it.
    static func send(orderID: Int, to base: String, source: String) async throws -> TestHTTPClient.Answer {
        let body = #"{"scope": "store/order/created", "store_id": "1", "data": {"type": "order", "id": \#(orderID)}, "hash": "h\#(orderID)", "created_at": 1700000000, "producer": "stores/upstream"}"#
        let id = "msg_\(orderID)"
        let timestamp = Int64(Date().timeIntervalSince1970)
        let signature = WebhookSignature(clientSecret: secret).sign(id: id, timestamp: timestamp, body: Array(body.utf8))
        return try await TestHTTPClient(baseURL: base).send(
            .POST, "/inbound/\(source)",
            headers: [
                "Content-Type": "application/json", "webhook-id": id, "webhook-timestamp": "\(timestamp)",
                "webhook-signature": signature,
            ], body: body, timeout: .seconds(30))
    }

    @Test(arguments: ObservabilityTests.databases)
    func killMinusNineRightAfterTheLast2xxLosesNothing(_ kind: String) async throws {
        let database = try await ObservabilityTests.database(kind)
        let extra = ["--lease-seconds", "4", "--request-timeout", "3", "--retry-schedule", "2,2,2,2,2,2,2,2"]
        let sandbox = try await DeliverySandbox.start(storeHash: "inbound\(kind)", extra: extra, database: database)
        let receiver = try await Receiver()
        defer { receiver.stop() }
        _ = try await sandbox.createHook(scope: "store/order/*", destination: receiver.url("/fanout"))

        let created = try await sandbox.cli([
            "inbound", "create", "--name", "upstream", "--store-hash", sandbox.storeHash, "--secret", Self.secret,
        ])
        #expect(created.status == 0 && created.output.contains("/inbound/upstream"), "\(created.output)")
        let list = try await sandbox.cli(["inbound", "list"])
        #expect(list.status == 0 && list.output.contains("upstream") && !list.output.contains(Self.secret), "\(list.output)")
        let duplicate = try await sandbox.cli([
            "inbound", "create", "--name", "upstream", "--store-hash", sandbox.storeHash, "--secret", "x",
        ])
        #expect(duplicate.status != 0 && duplicate.output.contains("already exists"), "\(duplicate.output)")

        // Until the crash the webhook's receiver fails every delivery, so each event must come back
        // from the database after the restart to be delivered at all.
        receiver.behave("/fanout", .status(503))
        // Webhooks arrive eight at a time; the server is killed the moment the last one is answered.
        for batch in stride(from: 0, to: Self.webhookCount, by: 8) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for orderID in batch..<min(batch + 8, Self.webhookCount) {
                    group.addTask {
                        let answer = try await Self.send(orderID: orderID, to: sandbox.base, source: "upstream")
                        #expect(answer.status == 202, "\(answer.body)")
                    }
                }
                try await group.waitForAll()
            }
        }
        sandbox.server.signal(SIGKILL)
        _ = try await sandbox.server.waitForExit()

        receiver.behave("/fanout", .status(200))
        let beforeRestart = receiver.deliveries().count
        let (server, base) = try await ServeAndCLITests.startServer(
            DeliverySandbox.serveOptions + extra, database: database, adminToken: DeliverySandbox.adminToken)
        func orders(_ deliveries: [Receiver.Delivery]) -> Set<Int> {
            Set(deliveries.dropFirst(beforeRestart).map { ($0.json["data"] as? [String: Any])?["id"] as? Int ?? -1 })
        }
        let deliveries = try await receiver.waitFor("every inbound webhook delivered after the restart", timeout: .seconds(120)) {
            orders($0).count >= Self.webhookCount
        }
        #expect(orders(deliveries) == Set(0..<Self.webhookCount))
        #expect(deliveries.allSatisfy { $0.json["producer"] as? String == "stores/\(sandbox.storeHash)" })
        // The sender's retry of an accepted webhook, after the crash, is recognised.
        let retry = try await Self.send(orderID: Self.webhookCount - 1, to: base, source: "upstream")
        #expect(retry.status == 200 && retry.body.contains(#""duplicate":true"#), "\(retry.body)")
        let metrics = try await TestHTTPClient(baseURL: base).send(
            .GET, "/metrics", headers: ["Authorization": "Bearer \(DeliverySandbox.adminToken)"])
        #expect(PrometheusScrape(metrics.body).value("hookline_inbound_requests_total", ["outcome": "duplicate"]) == 1, "\(metrics.body)")

        let connection = ["--server", base, "--admin-token", DeliverySandbox.adminToken]
        let deleted = try await HooklineProcess.run(["inbound", "delete", "upstream"] + connection)
        #expect(deleted.status == 0, "\(deleted.output)")
        #expect(try await Self.send(orderID: 999, to: base, source: "upstream").status == 404)
        server.signal(SIGTERM)
        _ = try await server.waitForExit()
    }
}
