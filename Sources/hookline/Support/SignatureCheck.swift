import Foundation
import HooklineCore

/// Checks a received delivery's Standard Webhooks signature, the way a receiver should, and says
/// why it fails.
struct SignatureCheck: Sendable {
    /// The outcome of a check.
    enum Verdict: Equatable, CustomStringConvertible {
        case valid
        case invalid(reason: String)

        /// `valid`, or `INVALID (reason)`.
        var description: String {
            switch self {
            case .valid: "valid"
            case .invalid(let reason): "INVALID (\(reason))"
            }
        }
    }

    /// The signer keyed with the secret the receiver was given.
    let signer: WebhookSignature
    /// How far `webhook-timestamp` may be from this clock, in seconds (Standard Webhooks' default).
    var toleranceSeconds: Int64 = 300

    /// Checks the `webhook-id`, `webhook-timestamp` and `webhook-signature` header values of a
    /// request against its body, at `now` (Unix seconds).
    func verdict(id: String?, timestamp: String?, signature: String?, body: [UInt8], now: Int64) -> Verdict {
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
