import Foundation
import HooklineCore

/// The signers of the accounts whose deliveries this node sends, by `client_secret`, so that an
/// account's HMAC key is set up once rather than for every attempt.
///
/// Keyed by the secret itself, so a rotated secret simply gets a new entry. Bounded: when full it
/// starts over, which costs one key setup per account.
final class SignerCache: Sendable {
    private let signers: BoundedCache<String, WebhookSignature>

    init(capacity: Int = 4096) {
        signers = BoundedCache(capacity: capacity)
    }

    /// The signer for `clientSecret`.
    func signer(clientSecret: String) -> WebhookSignature {
        signers.value(for: clientSecret) { WebhookSignature(clientSecret: $0) }
    }

    /// The `webhook-signature` value for one message sent at `timestamp` (Unix seconds): the current
    /// secret's signature, followed by the replaced secret's while a rotation's overlap lasts.
    func signatureHeader(secrets: SigningSecrets, id: String, timestamp: Int64, body: some DataProtocol) -> String {
        let current = signer(clientSecret: secrets.current).sign(id: id, timestamp: timestamp, body: body)
        guard let previous = secrets.previousSigning(at: timestamp) else { return current }
        return current + " " + signer(clientSecret: previous).sign(id: id, timestamp: timestamp, body: body)
    }
}
