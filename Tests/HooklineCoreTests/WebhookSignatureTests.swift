import Foundation
import HooklineCore
import Testing

@Suite struct WebhookSignatureTests {
    /// The Standard Webhooks specification's test vector.
    @Test func matchesTheStandardWebhooksTestVector() throws {
        let signer = try #require(WebhookSignature(standardSecret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"))
        let body = Data(#"{"email":"test@example.com","username":"test_user"}"#.utf8)
        let signature = signer.sign(id: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", timestamp: 1_649_367_553, body: body)
        #expect(signature == "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")
        #expect(signer.verify(
            id: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", timestamp: 1_649_367_553, body: body,
            signatureHeader: "v1,bogus v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=", now: 1_649_367_600))
    }

    /// A signer starts each signature from its keyed HMAC; signing must leave that state untouched.
    @Test func oneSignerSignsManyMessagesAsFreshSignersDo() throws {
        let kept = try #require(WebhookSignature(standardSecret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"))
        let body = Data(#"{"email":"test@example.com","username":"test_user"}"#.utf8)
        for round in 0..<3 {
            for index in 0..<5 {
                let fresh = try #require(WebhookSignature(standardSecret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"))
                let id = "msg_\(index)", timestamp = Int64(1_649_367_553 + round)
                #expect(kept.sign(id: id, timestamp: timestamp, body: body) == fresh.sign(id: id, timestamp: timestamp, body: body))
            }
        }
        #expect(kept.sign(id: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", timestamp: 1_649_367_553, body: body)
            == "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")
    }

    @Test func refusesTamperingAndStaleTimestamps() throws {
        let signer = WebhookSignature(clientSecret: "client-secret")
        let body = Data("{}".utf8)
        let header = signer.sign(id: "msg_1", timestamp: 1000, body: body)
        #expect(signer.verify(id: "msg_1", timestamp: 1000, body: body, signatureHeader: header, now: 1000))
        #expect(!signer.verify(id: "msg_2", timestamp: 1000, body: body, signatureHeader: header, now: 1000))
        #expect(!signer.verify(id: "msg_1", timestamp: 1000, body: Data("{ }".utf8), signatureHeader: header, now: 1000))
        #expect(!signer.verify(id: "msg_1", timestamp: 1000, body: body, signatureHeader: header, now: 1000 + 301))
        #expect(!WebhookSignature(clientSecret: "other").verify(id: "msg_1", timestamp: 1000, body: body, signatureHeader: header, now: 1000))
    }

    @Test func standardSecretIsBase64OfTheClientSecretBytes() throws {
        let secret = WebhookSignature.standardSecret(clientSecret: "abc")
        #expect(secret == "whsec_YWJj")
        let fromStandard = try #require(WebhookSignature(standardSecret: secret))
        let direct = WebhookSignature(clientSecret: "abc")
        #expect(fromStandard.sign(id: "m", timestamp: 1, body: Data()) == direct.sign(id: "m", timestamp: 1, body: Data()))
        #expect(WebhookSignature(standardSecret: "whsec_!!!") == nil)
    }
}
