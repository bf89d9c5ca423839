import Foundation
import NIOHTTP1
import HooklineTestSupport
import Testing

/// `serve --retention` with a retention of seconds: a real server deletes a finished delivery, its
/// attempt and its event, and keeps a pending delivery and its event; on SQLite, and on PostgreSQL
/// when `HOOKLINE_TEST_POSTGRES_URL` is set.
@Suite struct RetentionCLITests {
    static var databases: [String] {
        ["sqlite"] + (TestPostgres.adminURL == nil ? [] : ["postgres"])
    }

    @Test(arguments: databases)
    func aShortRetentionDeletesWhatIsFinishedAndKeepsWhatIsPending(_ kind: String) async throws {
        let database =
            kind == "postgres"
            ? try await TestPostgres.createDatabase(adminURL: try #require(TestPostgres.adminURL))
            : ServeAndCLITests.temporaryDatabase()
        let sandbox = try await DeliverySandbox.start(
            storeHash: "retention\(kind)", extra: ["--retention", "2s", "--retention-interval", "1"], database: database)
        let (listener, port) = try await DeliverySandbox.startListener(["--client-secret", sandbox.clientSecret])
        let store = sandbox.storeHash
        _ = try await sandbox.createHook(scope: "store/order/created", destination: "http://127.0.0.1:\(port)/ok")
        // Nothing listens on port 9 of loopback: the delivery fails and waits a minute for its retry, pending.
        _ = try await sandbox.createHook(scope: "store/product/created", destination: "http://127.0.0.1:9/down")

        let finished = try await sandbox.cli(["emit", "store/order/created", "--store", store, "--event-id", "finished"])
        #expect(finished.status == 0, "\(finished.output)")
        let pending = try await sandbox.cli(["emit", "store/product/created", "--store", store, "--event-id", "pending"])
        #expect(pending.status == 0, "\(pending.output)")
        _ = try await listener.waitForOutput { $0.contains("signature: valid") }
        _ = try await Eventually.wait("the pending delivery's failed attempt", timeout: .seconds(60)) { () -> Bool? in
            let attempts = try await sandbox.cliData(["deliveries", "attempts", "--store", store, "--event", "pending"])
            return (attempts as? [[String: Any]])?.isEmpty == false ? true : nil
        }

        // The finished event goes with its delivery and attempt once older than 2 s.
        try await Self.waitUntilDeleted("finished", sandbox)
        // A later finished event, deleted only by a sweep whose cutoff passed the pending delivery's attempt.
        let marker = try await sandbox.cli(["emit", "store/order/created", "--store", store, "--event-id", "marker"])
        #expect(marker.status == 0, "\(marker.output)")
        _ = try await listener.waitForOutput { occurrences(of: "signature: valid", in: $0) >= 2 }
        try await Self.waitUntilDeleted("marker", sandbox)

        let kept = try await Self.admin(sandbox, "/events/pending/deliveries")
        #expect(kept.status == 200)
        let deliveries = try #require(try DeliverySandbox.jsonObject(kept.body)["data"] as? [[String: Any]])
        #expect(deliveries.count == 1 && deliveries.first?["state"] as? String == "pending", "\(kept.body)")
        let attempts = try await sandbox.cliData(["deliveries", "attempts", "--store", store, "--event", "pending"])
        #expect((attempts as? [[String: Any]])?.count == 1, "a pending delivery keeps its attempts")
        // What the sweeps removed is counted: at least the two finished events with their deliveries and attempts.
        let metrics = try await TestHTTPClient(baseURL: sandbox.base).send(
            .GET, "/metrics", headers: ["Authorization": "Bearer \(DeliverySandbox.adminToken)"])
        let scrape = PrometheusScrape(metrics.body)
        for table in ["deliveries", "attempts", "events"] {
            #expect((scrape.value("hookline_retention_deleted_total", ["table": table]) ?? 0) >= 2, "\(table): \(metrics.body)")
        }

        listener.signal(SIGINT)
        _ = try await listener.waitForExit()
        try await sandbox.stop()
    }

    /// Waits until the event `eventID` is gone (its attempts answer 404, as for an event the store never had).
    static func waitUntilDeleted(_ eventID: String, _ sandbox: DeliverySandbox) async throws {
        _ = try await Eventually.wait("event \(eventID) deleted", timeout: .seconds(60)) { () -> Bool? in
            try await admin(sandbox, "/events/\(eventID)/attempts").status == 404 ? true : nil
        }
    }

    /// A GET of the admin API under the sandbox's store.
    static func admin(_ sandbox: DeliverySandbox, _ path: String) async throws -> TestHTTPClient.Answer {
        try await TestHTTPClient(baseURL: sandbox.base).send(
            .GET, "/admin/v1/stores/\(sandbox.storeHash)\(path)",
            headers: ["Authorization": "Bearer \(DeliverySandbox.adminToken)"])
    }
}
