import Crypto
import Foundation

/// Standard Webhooks signing (https://www.standardwebhooks.com): the `webhook-signature` header is
/// `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`.
///
/// Hookline keys the HMAC with the raw bytes of the owning account's `client_secret`, so a
/// receiver verifies with `whsec_` + base64(client_secret).
public struct WebhookSignature: Sendable {
    /// The HMAC key.
    public let key: SymmetricKey
    /// The HMAC with the key already taken in: each signature starts from a copy of it, so that a
    /// signer kept for many messages sets its key up once.
    private let keyed: HMAC<SHA256>

    /// A signer keyed with raw secret bytes.
    public init(secretBytes: some ContiguousBytes) {
        key = SymmetricKey(data: secretBytes)
        keyed = HMAC<SHA256>(key: key)
    }

    /// A signer keyed with an account's `client_secret` (its UTF-8 bytes).
    public init(clientSecret: String) {
        self.init(secretBytes: Array(clientSecret.utf8))
    }

    /// A signer from a Standard Webhooks secret (`whsec_` + base64), or `nil` if it is not one.
    public init?(standardSecret: String) {
        let encoded = standardSecret.hasPrefix("whsec_") ? String(standardSecret.dropFirst(6)) : standardSecret
        guard let bytes = Data(base64Encoded: encoded) else { return nil }
        self.init(secretBytes: bytes)
    }

    /// The Standard Webhooks form of an account's secret, for receivers' libraries.
    public static func standardSecret(clientSecret: String) -> String {
        "whsec_" + Data(clientSecret.utf8).base64EncodedString()
    }

    /// The `webhook-signature` value for one message.
    public func sign(id: String, timestamp: Int64, body: some DataProtocol) -> String {
        var mac = keyed
        mac.update(data: Data("\(id).\(timestamp).".utf8))
        mac.update(data: body)
        return "v1," + Data(mac.finalize()).base64EncodedString()
    }

    /// Whether any of the space-separated signatures in `header` is this key's signature of the
    /// message, and the timestamp is within `tolerance` seconds of `now`.
    public func verify(
        id: String, timestamp: Int64, body: some DataProtocol, signatureHeader header: String, now: Int64,
        tolerance: Int64 = 300
    ) -> Bool {
        guard abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(sign(id: id, timestamp: timestamp, body: body).utf8)
        return header.split(separator: " ").contains { candidate in
            Credentials.constantTimeEquals(Array(candidate.utf8), expected)
        }
    }
}
