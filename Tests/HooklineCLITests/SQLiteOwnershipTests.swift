import Foundation
import HooklineTestSupport
import Testing

/// One node per SQLite file: a second `hookline serve` on it is refused, and a node restarted after
/// `kill -9` takes back its predecessor's leases at once instead of waiting them out.
@Suite struct SQLiteOwnershipTests {
    @Test func aSecondServerOnTheSameFileIsRefused() async throws {
        let database = ServeAndCLITests.temporaryDatabase()
        let (first, _) = try await ServeAndCLITests.startServer(database: database)
        let second = try await HooklineProcess.run(["serve", "--port", "0", "--database", database, "--admin-token", "cli-admin-token-0123456789"])
        #expect(second.status != 0)
        #expect(second.output.contains("another process serves the SQLite database"), "\(second.output)")
        #expect(second.output.contains("use PostgreSQL for several nodes"))
        #expect(first.isRunning, "the first server keeps serving")
        first.signal(SIGTERM)
        #expect(try await first.waitForExit().status == 0)

        // Once the first is gone (however it went), the file can be served again.
        let (third, _) = try await ServeAndCLITests.startServer(database: database)
        third.signal(SIGKILL)
        _ = try await third.waitForExit()
        let (fourth, _) = try await ServeAndCLITests.startServer(database: database)
        fourth.signal(SIGTERM)
        #expect(try await fourth.waitForExit().status == 0)
    }

    @Test func aRestartAfterKillMinusNineResumesInFlightDeliveriesAtOnce() async throws {
        let receiver = try await Receiver()
        // Every request hangs while the first process runs: its deliveries are all in flight, leased.
        receiver.behave("/slow", .hang(.seconds(20)))
        let database = ServeAndCLITests.temporaryDatabase()
        let adminToken = "own-admin-token-0123456789"
        // A lease far longer than the test's deadline: only taking the leases back can meet it.
        let serveArguments = [
            "--allow-insecure-destinations", "--allow-private-destinations", "--lease-seconds", "600",
            "--request-timeout", "60", "--log-level", "error",
        ]
        var (server, base) = try await ServeAndCLITests.startServer(serveArguments, database: database, adminToken: adminToken)
        let admin = AdminCalls(base: base, token: adminToken)
        _ = try await admin.send(.POST, "/admin/v1/stores", ["store_hash": "own"])
        let account = try await admin.send(.POST, "/admin/v1/stores/own/accounts", ["name": "own"])
        let token = try #require(account["access_token"] as? String)
        _ = try await admin.send(
            .POST, "/stores/own/v3/hooks", ["scope": "store/order/*", "destination": receiver.url("/slow")], clientToken: token)
        let eventCount = 20
        let events = (0..<eventCount).map { ["id": "order-\($0)", "scope": "store/order/created", "data": ["type": "order", "id": $0]] as [String: Any] }
        _ = try await admin.sendList(.POST, "/admin/v1/stores/own/events", ["events": events])

        try await receiver.waitFor("deliveries in flight", timeout: .seconds(60)) { !$0.isEmpty }
        server.signal(SIGKILL)
        _ = try await server.waitForExit()
        receiver.behave("/slow", .status(200))

        let restart = Date()
        (server, _) = try await ServeAndCLITests.startServer(serveArguments, database: database, adminToken: adminToken)
        let resumed = try await receiver.waitFor("every event delivered after the restart", timeout: .seconds(60)) { deliveries in
            Set(deliveries.filter { $0.receivedAt >= restart }.compactMap { $0.header("webhook-id") }).count >= eventCount
        }
        let last = try #require(resumed.map(\.receivedAt).max())
        print("ownership test: every delivery resumed \(last.timeIntervalSince(restart)) s after the restart (lease: 600 s)")
        server.signal(SIGTERM)
        _ = try await server.waitForExit()
    }
}
