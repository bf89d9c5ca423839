import Foundation
import HooklineCore
import HooklineTestSupport
import Testing

/// A rotated account's deliveries carry the new and the old signature during the overlap, then the new alone.
@Suite struct SecretRotationDeliveryTests {
    /// The overlap of the rotation under test, in seconds: long enough for a delivery to be signed
    /// within it on a loaded machine, short enough to wait out.
    static let overlap = 8

    /// Whether `secret` verifies one of the signatures of `delivery`.
    static func verifies(_ secret: String, _ delivery: Receiver.Delivery) throws -> Bool {
        WebhookSignature(clientSecret: secret).verify(
            id: try #require(delivery.header("webhook-id")),
            timestamp: try #require(delivery.header("webhook-timestamp").flatMap { Int64($0) }), body: delivery.body,
            signatureHeader: try #require(delivery.header("webhook-signature")), now: Int64(Date().timeIntervalSince1970))
    }

    @Test func bothSecretsVerifyDuringTheOverlapAndOnlyTheNewAfter() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/*", destination: receiver.url("/orders"))
        let rotated = try await hookline.request(
            .POST, "/admin/v1/stores/\(client.storeHash)/accounts/\(client.clientID)/rotate-secret",
            json: ["overlap_seconds": Self.overlap])
        #expect(rotated.status == 200, "\(rotated.body)")
        let newSecret = try #require(rotated.data["client_secret"] as? String)
        let expiresAt = try #require(rotated.data["previous_expires_at"] as? Int)

        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "during")
        let during = try #require(try await receiver.waitFor("the delivery during the overlap") { $0.count == 1 }.last)
        let signature = try #require(during.header("webhook-signature"))
        let sentAt = try #require(during.header("webhook-timestamp").flatMap { Int($0) })
        try #require(sentAt < expiresAt, "the delivery was signed within the overlap (raise `overlap` on a slower machine)")
        #expect(signature.split(separator: " ").count == 2)
        #expect(try Self.verifies(newSecret, during) && Self.verifies(client.clientSecret, during))
        let id = try #require(during.header("webhook-id"))
        let timestamp = try #require(during.header("webhook-timestamp").flatMap { Int64($0) })
        #expect(signature.hasPrefix(WebhookSignature(clientSecret: newSecret).sign(id: id, timestamp: timestamp, body: during.body)),
                "the new secret's signature comes first")

        try await Eventually.wait("the overlap's end", timeout: .seconds(Self.overlap + 10)) {
            Int(Date().timeIntervalSince1970) >= expiresAt ? true : nil
        }
        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "after")
        let after = try #require(try await receiver.waitFor("the delivery after the overlap") { $0.count == 2 }.last)
        #expect(after.header("webhook-signature")?.split(separator: " ").count == 1)
        #expect(try Self.verifies(newSecret, after))
        #expect(!(try Self.verifies(client.clientSecret, after)), "the old secret no longer signs")
    }

    @Test func rotatingAgainDuringAnOverlapEndsTheOldest() async throws {
        let receiver = try await Receiver()
        let hookline = try await DeliveryTestbed()
        let client = try await hookline.makeClient()
        _ = try await hookline.makeHook(client, scope: "store/order/*", destination: receiver.url("/orders"))
        let path = "/admin/v1/stores/\(client.storeHash)/accounts/\(client.clientID)/rotate-secret"
        let first = try await hookline.request(.POST, path, json: [:])
        let middle = try #require(first.data["client_secret"] as? String)
        let second = try await hookline.request(.POST, path, json: ["overlap_seconds": 3600])
        let newest = try #require(second.data["client_secret"] as? String)

        try await hookline.publish(client.storeHash, scope: "store/order/created", id: "after-two-rotations")
        let delivery = try #require(try await receiver.waitFor("one delivery") { $0.count == 1 }.first)
        #expect(delivery.header("webhook-signature")?.split(separator: " ").count == 2)
        #expect(try Self.verifies(newest, delivery) && Self.verifies(middle, delivery))
        #expect(!(try Self.verifies(client.clientSecret, delivery)), "the first secret stopped at the second rotation")
    }
}
