import Foundation
import HooklineTestSupport
import NIOCore
import Testing

/// `hookline serve --no-delivery`: the node serves the APIs and takes events but delivers nothing;
/// a node started later on the same database without the flag delivers what it took.
@Suite struct NoDeliveryTests {
    /// How long a node without delivery is watched for a delivery that must not come. A node with
    /// delivery on sends these within milliseconds (the second half of the test waits for that).
    static let quietWindow: Duration = .seconds(2)

    @Test func eventsStayPendingUntilANodeThatDeliversStarts() async throws {
        let receiver = try await Receiver()
        let database = ServeAndCLITests.temporaryDatabase()
        let apiOnly = try await DeliverySandbox.start(storeHash: "offstore", extra: ["--no-delivery"], database: database)
        #expect(apiOnly.server.output.contains("Delivery is off on this node"), "\(apiOnly.server.output)")
        let hookID = try await apiOnly.createHook(scope: "store/order/*", destination: receiver.url("/orders"))

        let events = ["off-1", "off-2", "off-3"]
        for (index, eventID) in events.enumerated() {
            let emitted = try await apiOnly.cli(
                ["emit", "store/order/created", "--store", "offstore", "--id", "\(index + 1)", "--event-id", eventID])
            #expect(emitted.status == 0 && emitted.output.contains("1 delivery"), "\(emitted.output)")
        }
        let quietUntil = ContinuousClock.now + Self.quietWindow
        while ContinuousClock.now < quietUntil {
            #expect(receiver.deliveries().isEmpty, "a node without delivery sent a request")
            try await Task.sleep(for: .milliseconds(100))
        }
        for eventID in events {
            let states = try await Self.deliveryStates(apiOnly, eventID: eventID)
            #expect(states == ["pending"], "\(eventID): \(states)")
        }
        let attempts = try await apiOnly.cliData(["deliveries", "attempts", "--store", "offstore", "--hook", "\(hookID)"])
        #expect((attempts as? [Any])?.isEmpty == true, "no attempt was made: \(String(describing: attempts))")
        try await apiOnly.stop()

        let (delivering, base) = try await ServeAndCLITests.startServer(
            DeliverySandbox.serveOptions, database: database, adminToken: DeliverySandbox.adminToken)
        #expect(!delivering.output.contains("Delivery is off"))
        let arrived = try await receiver.waitFor("the three pending events") { $0.count >= 3 }
        let ids = Set(arrived.compactMap { ($0.json["data"] as? [String: Any])?["id"] as? Int })
        #expect(arrived.count == 3 && ids == [1, 2, 3], "each event once: \(arrived.map(\.path)) \(ids)")
        let restarted = DeliverySandbox(
            server: delivering, base: base, storeHash: apiOnly.storeHash, clientSecret: apiOnly.clientSecret,
            accessToken: apiOnly.accessToken)
        for eventID in events {
            let states = try await Eventually.wait("\(eventID) recorded as succeeded", timeout: .seconds(30)) { () -> [String]? in
                let states = try await Self.deliveryStates(restarted, eventID: eventID)
                return states == ["succeeded"] ? states : nil
            }
            #expect(states == ["succeeded"])
        }
        try await restarted.stop()
    }

    @Test func theEnvironmentVariableTurnsDeliveryOffToo() async throws {
        let server = try await HooklineProcess(
            ["serve", "--port", "0", "--database", ServeAndCLITests.temporaryDatabase(), "--admin-token", DeliverySandbox.adminToken],
            environment: ["HOOKLINE_NO_DELIVERY": "1"])
        let output = try await server.waitForOutput { $0.contains("Hookline listening on ") }
        #expect(output.contains("Delivery is off on this node"), "\(output)")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit().status == 0)
    }

    /// The states of an event's deliveries, from the admin API.
    static func deliveryStates(_ sandbox: DeliverySandbox, eventID: String) async throws -> [String] {
        let answer = try await TestHTTPClient(baseURL: sandbox.base).send(
            .GET, "/admin/v1/stores/\(sandbox.storeHash)/events/\(eventID)/deliveries",
            headers: ["Authorization": "Bearer \(DeliverySandbox.adminToken)"], timeout: .seconds(10))
        try #require(answer.status == 200, "\(answer.body)")
        let deliveries = try #require(try DeliverySandbox.jsonObject(answer.body)["data"] as? [[String: Any]], "\(answer.body)")
        return deliveries.compactMap { $0["state"] as? String }
    }
}
