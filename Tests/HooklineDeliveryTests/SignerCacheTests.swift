import Foundation
import HooklineCore
import Testing

@testable import HooklineDelivery

/// The sender's signers, kept per account secret.
@Suite struct SignerCacheTests {
    @Test func keptSignersSignAsNewOnesDoAlsoPastTheCapacity() {
        let cache = SignerCache(capacity: 2)
        let body = Data(#"{"scope":"store/order/created"}"#.utf8)
        for round in 0..<3 {
            for secret in ["secret-a", "secret-b", "secret-c"] {
                let signature = cache.signer(clientSecret: secret).sign(id: "msg_\(round)", timestamp: 1_700_000_000, body: body)
                #expect(signature == WebhookSignature(clientSecret: secret).sign(id: "msg_\(round)", timestamp: 1_700_000_000, body: body))
            }
        }
        #expect(cache.signer(clientSecret: "secret-a").sign(id: "m", timestamp: 1, body: body)
            != cache.signer(clientSecret: "secret-b").sign(id: "m", timestamp: 1, body: body))
    }
}
