import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// Bad destinations must not hurt good ones: per-host limits, the domain blocklist, and the
/// address guard at delivery time.
@Suite struct DeliveryIsolationTests {
    @Test func aHangingDestinationDoesNotDelayAHealthyOne() async throws {
        let receiver = try await Receiver()
        // The hang, the request timeout and the lease are long, so that a loaded machine has 45 s to
        // bring the healthy deliveries before a hanging attempt ends (and the next two start).
        receiver.behave("/hang", .hang(.seconds(60)))
        let hookline = try await DeliveryTestbed {
            $0.perHostConcurrency = 2
            $0.requestTimeoutSeconds = 50
            $0.leaseSeconds = 120
            $0.retrySchedule = RetrySchedule(delays: [60])
        }
        let client = try await hookline.makeClient()
        // Same receiver, two destination hosts: 127.0.0.1 hangs, localhost answers at once.
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.url("/hang"))
        _ = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.localhostURL("/fast"))
        for index in 0..<10 { try await hookline.publish(client.storeHash, scope: "store/order/created", id: "e\(index)") }
        try await receiver.waitFor("every healthy delivery", timeout: .seconds(45)) { $0.filter { $0.path == "/fast" }.count == 10 }
        #expect(receiver.finishedHangs == 0, "all healthy deliveries arrived while the hanging ones were still held")
        #expect(receiver.deliveries("/hang").count <= 2, "at most the per-host limit of requests is spent on the hanging host")
    }

    @Test func aFailingDomainIsBlockedThenReleased() async throws {
        let receiver = try await Receiver()
        receiver.behave("/failing", .status(500))
        // Enough retries that deliveries outlive the 3-second block even on a slow, busy machine (each
        // deferred attempt while blocked uses one).
        let hookline = try await DeliveryTestbed {
            $0.retrySchedule = RetrySchedule(delays: Array(repeating: 1, count: 10))
            $0.completionRules = CompletionRules(
                blocklist: BlocklistPolicy(windowSeconds: 60, minimumAttempts: 5, minimumSuccessRatio: 0.9, blockSeconds: 3),
                retryingNoticeInterval: 3600)
        }
        let client = try await hookline.makeClient()
        // The exception hook lives on another host (localhost), so the block does not silence it.
        try await hookline.makeHook(client, scope: "store/hook/deliveryException", destination: receiver.localhostURL("/exceptions"))
        let hook = try await hookline.makeHook(client, scope: "store/product/created", destination: receiver.url("/failing"))
        for index in 0..<5 { try await hookline.publish(client.storeHash, scope: "store/product/created", id: "p\(index)") }

        let admin = try await Eventually.wait("domain blocked") {
            let admin = try await hookline.request(.GET, "/stores/\(client.storeHash)/v3/hooks/admin", token: client.token)
            return (admin.data["blocked_domains"] as? [[String: Any]])?.isEmpty == false ? admin : nil
        }
        let blocked = try #require((admin.data["blocked_domains"] as? [[String: Any]])?.first)
        #expect(blocked["destination"] as? String == receiver.url("/failing"))
        #expect((blocked["time_left"] as? Int ?? -1) >= 0 && (blocked["time_left"] as? Int ?? 99) <= 3)
        let reason = try #require((blocked["reasons"] as? [[String: Any]])?.first)
        #expect(reason["failure_description"] as? String == "HTTP 500")
        #expect((reason["count"] as? Int ?? 0) >= 5)
        try await receiver.waitFor("90003 notice") { deliveries in
            deliveries.contains { (($0.json["data"] as? [String: Any])?["error_code"] as? Int) == 90003 }
        }

        // While blocked, due deliveries move to their next slot without a request; after the block, they resume.
        receiver.behave("/failing", .status(200))
        let blockedAttempts = try await Eventually.wait("a deferred attempt") {
            let attempts = try await hookline.attempts(client.storeHash, hook: hook)
            return attempts.contains { $0["error"] as? String == "domain_blocked" } ? attempts : nil
        }
        #expect(blockedAttempts.contains { $0["error"] as? String == "domain_blocked" && $0["status_code"] == nil })
        try await receiver.waitFor("deliveries resume after the block", timeout: .seconds(30)) { deliveries in
            deliveries.filter { $0.path == "/failing" }.count > 5
        }
        let after = try await Eventually.wait("block expired", timeout: .seconds(10)) {
            let admin = try await hookline.request(.GET, "/stores/\(client.storeHash)/v3/hooks/admin", token: client.token)
            return (admin.data["blocked_domains"] as? [[String: Any]])?.isEmpty == true ? admin : nil
        }
        #expect(after.status == 200)
    }

    @Test func resolvedAddressesAreCheckedAtDeliveryTime() async throws {
        let receiver = try await Receiver()
        // The API lets the hook be created, but the engine's policy forbids private addresses.
        let hookline = try await DeliveryTestbed(apiPolicy: DestinationPolicy(allowInsecure: true, allowPrivate: true)) {
            $0.destinationPolicy = DestinationPolicy(allowInsecure: true, allowPrivate: false)
            $0.retrySchedule = RetrySchedule(delays: [3600])
        }
        let client = try await hookline.makeClient()
        let hook = try await hookline.makeHook(client, scope: "store/order/created", destination: receiver.localhostURL("/ssrf"))
        try await hookline.publish(client.storeHash, scope: "store/order/created")
        let attempts = try await Eventually.wait("refused attempt") {
            let attempts = try await hookline.attempts(client.storeHash, hook: hook)
            return attempts.isEmpty ? nil : attempts
        }
        #expect(attempts[0]["error"] as? String == "forbidden_address")
        #expect(receiver.deliveries().isEmpty, "nothing reached the loopback receiver")
    }
}
