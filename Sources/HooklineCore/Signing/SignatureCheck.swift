import Foundation

/// Checks a received request's Standard Webhooks signature, the way a receiver should, and says
/// why it fails: what `hookline listen` shows for each delivery, and what the inbound gateway
/// (`POST /inbound/{name}`) refuses with 401.
public struct SignatureCheck: Sendable {
    /// The outcome of a check.
    public enum Verdict: Equatable, Sendable, CustomStringConvertible {
        /// The timestamp is within the tolerance and a signature matches.
        case valid
        /// Why the request is not to be trusted, for a person.
        case invalid(reason: String)

        /// `valid`, or `INVALID (reason)`.
        public var description: String {
            switch self {
            case .valid: "valid"
            case .invalid(let reason): "INVALID (\(reason))"
            }
        }
    }

    /// The signer keyed with the secret the receiver was given.
    public let signer: WebhookSignature
    /// How far `webhook-timestamp` may be from this clock, in seconds.
    public var toleranceSeconds: Int64

    /// Standard Webhooks' default tolerance: five minutes either way.
    public static let defaultToleranceSeconds: Int64 = 300

    /// A check against `signer`'s key, with `toleranceSeconds` either way of the clock.
    public init(signer: WebhookSignature, toleranceSeconds: Int64 = SignatureCheck.defaultToleranceSeconds) {
        self.signer = signer
        self.toleranceSeconds = toleranceSeconds
    }

    /// Checks the `webhook-id`, `webhook-timestamp` and `webhook-signature` header values of a
    /// request against its body, at `now` (Unix seconds).
    public func verdict(
        id: String?, timestamp: String?, signature: String?, body: some DataProtocol, now: Int64
    ) -> Verdict {
        guard let id, let timestamp, let signature else {
            let missing = [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature)]
                .filter { $0.1 == nil }.map(\.0)
            return .invalid(reason: "missing " + missing.joined(separator: ", "))
        }
        guard let seconds = Int64(timestamp) else {
            return .invalid(reason: "webhook-timestamp is not Unix seconds")
        }
        guard abs(now - seconds) <= toleranceSeconds else {
            let offset = now - seconds
            return .invalid(reason: "webhook-timestamp is \(offset) s from this clock; the tolerance is \(toleranceSeconds) s")
        }
        let matches = signer.verify(
            id: id, timestamp: seconds, body: body, signatureHeader: signature, now: now, tolerance: toleranceSeconds)
        return matches ? .valid : .invalid(reason: "no signature in webhook-signature matches the secret")
    }
}
