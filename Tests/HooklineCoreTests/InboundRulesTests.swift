import HooklineCore
import Testing

/// The inbound gateway's rules: source names, what a listing shows of a secret, dedupe keys, and
/// the signature check it refuses requests with.
@Suite struct InboundRulesTests {
    @Test(arguments: ["bc", "bc-main", "store_7", "0abc", String(repeating: "a", count: 64)])
    func slugsAreValidNames(_ name: String) {
        #expect(InboundSource.isValidName(name))
    }

    @Test(arguments: ["", "-bc", "_bc", "BC", "bc main", "bc/main", "bc.main", "é", String(repeating: "a", count: 65)])
    func otherNamesAreNot(_ name: String) {
        #expect(!InboundSource.isValidName(name))
    }

    @Test func aListingShowsAtMostFourCharactersOfALongSecret() {
        #expect(InboundSource(name: "a", storeHash: "s", secret: "abcdefghijklmnop", createdAt: 0).secretHint == "abcd…")
        #expect(InboundSource(name: "a", storeHash: "s", secret: "short-secret", createdAt: 0).secretHint == "…")
    }

    @Test func keysAreOnePerWebhookIDAndHashAndPerSource() {
        let scope = "store/order/updated"
        #expect(
            InboundDedupe.keys(source: "bc", webhookID: "msg_1", payloadHash: "abc", scope: scope, createdAt: 1700000000)
                == ["inbound/bc/webhook-id/msg_1", "inbound/bc/hash/store/order/updated/1700000000/abc"])
        #expect(
            InboundDedupe.keys(source: "bc", webhookID: "msg_1", payloadHash: nil, scope: scope, createdAt: 1)
                == ["inbound/bc/webhook-id/msg_1"])
        #expect(
            InboundDedupe.keys(source: "bc", webhookID: "msg_1", payloadHash: "", scope: scope, createdAt: 1)
                == ["inbound/bc/webhook-id/msg_1"])
        #expect(
            InboundDedupe.keys(source: "bc", webhookID: "m", payloadHash: "abc", scope: scope, createdAt: nil).last
                == "inbound/bc/hash/store/order/updated//abc")
        // The same data hash on a later update of the same order is another event.
        #expect(
            InboundDedupe.keys(source: "bc", webhookID: "m", payloadHash: "abc", scope: scope, createdAt: 1).last
                != InboundDedupe.keys(source: "bc", webhookID: "m", payloadHash: "abc", scope: scope, createdAt: 2).last)
        #expect(
            Set(InboundDedupe.keys(source: "a", webhookID: "m", payloadHash: "h", scope: scope, createdAt: 1))
                .isDisjoint(with: InboundDedupe.keys(source: "b", webhookID: "m", payloadHash: "h", scope: scope, createdAt: 1)))
    }

    @Test func theSignatureCheckSaysWhyARequestIsRefused() {
        let source = InboundSource(name: "bc", storeHash: "s", secret: "app-secret", createdAt: 0)
        let body = Array(#"{"scope": "store/order/created"}"#.utf8)
        let signature = WebhookSignature(clientSecret: "app-secret").sign(id: "msg_1", timestamp: 1000, body: body)
        let check = source.signatureCheck
        #expect(check.verdict(id: "msg_1", timestamp: "1000", signature: signature, body: body, now: 1300) == .valid)
        #expect(check.verdict(id: "msg_1", timestamp: "1000", signature: "v1,x " + signature, body: body, now: 700) == .valid)
        func reason(_ verdict: SignatureCheck.Verdict) -> String {
            if case .invalid(let reason) = verdict { return reason }
            return "valid"
        }
        #expect(reason(check.verdict(id: "msg_1", timestamp: "1000", signature: signature, body: body, now: 1301)).contains("tolerance"))
        #expect(reason(check.verdict(id: "msg_2", timestamp: "1000", signature: signature, body: body, now: 1000)).contains("no signature"))
        #expect(reason(check.verdict(id: "msg_1", timestamp: "soon", signature: signature, body: body, now: 1000)).contains("Unix seconds"))
        #expect(reason(check.verdict(id: nil, timestamp: "1000", signature: nil, body: body, now: 1000)) == "missing webhook-id, webhook-signature")
        let other = SignatureCheck(signer: WebhookSignature(clientSecret: "another"))
        #expect(reason(other.verdict(id: "msg_1", timestamp: "1000", signature: signature, body: body, now: 1000)).contains("no signature"))
    }
}
