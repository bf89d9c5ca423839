import Foundation
import HooklineTestSupport
import Testing

/// `hookline emit`, `hookline listen` and `hookline deliveries …` against a real server, each a
/// separate process on loopback.
@Suite struct DeliveryCLITests {
    @Test func emittedEventReachesListenSignedAndIsLogged() async throws {
        let sandbox = try await DeliverySandbox.start(storeHash: "emitstore")
        let (listener, port) = try await DeliverySandbox.startListener(["--client-secret", sandbox.clientSecret])
        let hookID = try await sandbox.createHook(scope: "store/order/*", destination: "http://127.0.0.1:\(port)/webhooks/orders")

        let emitted = try await sandbox.cli(
            ["emit", "store/order/created", "--store", "emitstore", "--id", "7", "--event-id", "order-7"])
        #expect(emitted.status == 0, "\(emitted.output)")
        #expect(emitted.output.contains("Published event order-7 (store/order/created): 1 delivery."), "\(emitted.output)")

        let received = try await listener.waitForOutput { $0.contains("signature: valid") }
        #expect(received.contains("POST /webhooks/orders → 200"))
        #expect(received.contains("scope: store/order/created"))
        #expect(received.contains(#""id": 7"#) && received.contains(#""type": "order""#), "the sample's data with --id: \(received)")
        #expect(received.contains(#""producer": "stores/emitstore""#))
        #expect(received.contains("webhook-id: ") && received.contains("event hash: ") && received.contains("webhook-timestamp: "))

        let succeeded = try await Eventually.wait("a succeeded attempt", timeout: .seconds(30)) { () -> [String: Any]? in
            let attempts = try await sandbox.cliData(["deliveries", "attempts", "--store", "emitstore", "--hook", "\(hookID)"])
            return (attempts as? [[String: Any]])?.first { $0["outcome"] as? String == "succeeded" }
        }
        #expect(succeeded["status_code"] as? Int == 200)
        #expect(succeeded["event_id"] as? String == "order-7")
        #expect(succeeded["hook_id"] as? Int == hookID)
        #expect(succeeded["concurrency_limit"] as? Int == 16, "a healthy host's limit is --per-host-concurrency")

        let table = try await sandbox.cli(["deliveries", "attempts", "--store", "emitstore", "--hook", "\(hookID)"])
        #expect(table.status == 0)
        #expect(table.output.contains("OUTCOME") && table.output.contains("succeeded") && table.output.contains("order-7") && table.output.contains("HOST_LIMIT"), "\(table.output)")
        let byEvent = try await sandbox.cliData(["deliveries", "attempts", "--store", "emitstore", "--event", "order-7"])
        #expect((byEvent as? [[String: Any]])?.count == 1)

        let duplicate = try await sandbox.cli(["emit", "store/order/created", "--store", "emitstore", "--event-id", "order-7"])
        #expect(duplicate.status == 0 && duplicate.output.contains("published before"), "\(duplicate.output)")

        let replayed = try await sandbox.cliData(
            ["deliveries", "replay", "--store", "emitstore", "--hook", "\(hookID)", "--since", "0"])
        #expect(((replayed as? [String: Any])?["deliveries"] as? Int ?? 0) >= 1, "\(String(describing: replayed))")
        _ = try await listener.waitForOutput { occurrences(of: "signature: valid", in: $0) >= 2 }

        listener.signal(SIGINT)
        #expect(try await listener.waitForExit().status == 0, "SIGINT stops listen cleanly")
        try await sandbox.stop()
    }

    @Test func failedDeliveryIsLoggedAndCanBeRetried() async throws {
        let sandbox = try await DeliverySandbox.start(storeHash: "failstore")
        let standardSecret = "whsec_" + Data(sandbox.clientSecret.utf8).base64EncodedString()
        let (listener, port) = try await DeliverySandbox.startListener(["--secret", standardSecret, "--status", "500"])
        let hookID = try await sandbox.createHook(scope: "store/cart/created", destination: "http://127.0.0.1:\(port)/cart")

        let emitted = try await sandbox.cli(["emit", "store/cart/created", "--store", "failstore"])
        #expect(emitted.status == 0, "\(emitted.output)")
        let received = try await listener.waitForOutput { $0.contains("signature: valid") }
        #expect(received.contains("POST /cart → 500"))
        #expect(received.contains(#""id": "09346904-4175-44fd-be53-f7e598531b6c""#), "BigCommerce's cart sample: \(received)")

        let failed = try await Eventually.wait("a failed attempt", timeout: .seconds(30)) { () -> [String: Any]? in
            let attempts = try await sandbox.cliData(
                ["deliveries", "attempts", "--store", "failstore", "--hook", "\(hookID)", "--outcome", "failed"])
            return (attempts as? [[String: Any]])?.first
        }
        #expect(failed["outcome"] as? String == "failed")
        #expect(failed["status_code"] as? Int == 500)
        let deliveryID = try #require(failed["delivery_id"] as? Int)
        let none = try await sandbox.cliData(
            ["deliveries", "attempts", "--store", "failstore", "--hook", "\(hookID)", "--outcome", "succeeded"])
        #expect((none as? [Any])?.isEmpty == true)

        let retried = try await sandbox.cli(["deliveries", "retry", "--store", "failstore", "\(deliveryID)"])
        #expect(retried.status == 0, "\(retried.output)")
        #expect(retried.output.contains("Delivery \(deliveryID) will be attempted now."))
        _ = try await listener.waitForOutput { occurrences(of: "signature: valid", in: $0) >= 2 }
        let second = try await Eventually.wait("the retried attempt", timeout: .seconds(30)) { () -> [String: Any]? in
            let attempts = try await sandbox.cliData(
                ["deliveries", "attempts", "--store", "failstore", "--hook", "\(hookID)", "--outcome", "failed"])
            return (attempts as? [[String: Any]])?.first { $0["attempt"] as? Int == 2 }
        }
        #expect(second["delivery_id"] as? Int == deliveryID)

        let unknown = try await sandbox.cli(["deliveries", "retry", "--store", "failstore", "999999"])
        #expect(unknown.status != 0 && unknown.output.contains("404"), "\(unknown.output)")

        listener.signal(SIGTERM)
        #expect(try await listener.waitForExit().status == 0)
        try await sandbox.stop()
    }

    @Test func emitReportsTheServersRefusal() async throws {
        let sandbox = try await DeliverySandbox.start(storeHash: "badscope")
        let refused = try await sandbox.cli(["emit", "store/order/exploded", "--store", "badscope"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("422") && refused.output.contains("scope:"), "\(refused.output)")
        #expect(refused.output.contains("'store/order/exploded' is not a concrete event scope"), "\(refused.output)")

        let wildcard = try await sandbox.cli(["emit", "store/order/*", "--store", "badscope"])
        #expect(wildcard.status != 0 && wildcard.output.contains("422"), "\(wildcard.output)")

        let own = try await sandbox.cli(["emit", "store/order/created", "--store", "badscope", "--data", #"{"type":"order","id":1}"#, "--json"])
        #expect(own.status == 0 && own.output.contains(#""deliveries":0"#), "\(own.output)")
        try await sandbox.stop()
    }

    @Test(arguments: [
        ["emit", "store/order/created", "--store", "s", "--data", "{}", "--id", "3"],
        ["emit", "store/order/created", "--store", "s", "--data", "{not json"],
        ["deliveries", "attempts", "--store", "s"],
        ["deliveries", "attempts", "--store", "s", "--hook", "1", "--event", "e"],
        ["deliveries", "attempts", "--store", "s", "--hook", "1", "--outcome", "maybe"],
        ["deliveries", "replay", "--store", "s", "--hook", "1", "--since", "10", "--until", "5"],
        ["listen", "--port", "0", "--secret", "not-a-standard-secret"],
        ["listen", "--port", "0", "--secret", "whsec_AAAA", "--client-secret", "x"],
        ["listen", "--port", "0", "--status", "99"],
    ])
    func badInvocationsFailBeforeAnyRequest(_ arguments: [String]) async throws {
        let connection = arguments[0] == "listen" ? [] : ["--server", "http://127.0.0.1:1", "--admin-token", "whatever-token-123"]
        let result = try await HooklineProcess.run(arguments + connection)
        #expect(result.status != 0)
        #expect(result.output.contains("Error:") || result.output.contains("error:"), "\(result.output)")
        #expect(!result.output.contains("cannot reach"), "rejected before connecting: \(result.output)")
    }
}
