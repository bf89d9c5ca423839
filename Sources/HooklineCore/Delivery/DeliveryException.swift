/// BigCommerce's delivery exception notices, sent to a client's `store/hook/deliveryException` hook.
public enum DeliveryExceptionCode: Int, Sendable, Codable, CaseIterable {
    /// A delivery failed and will be retried (at most once per 10 minutes per destination).
    case retrying = 90001
    /// Retries ran out; the webhook was deactivated.
    case retriesExhausted = 90002
    /// The destination's domain was blocked.
    case domainBlocked = 90003

    /// The scope of the hooks that receive these notices.
    public static let scope = "store/hook/deliveryException"

    /// Seconds between two 90001 notices for the same destination.
    public static let retryingNoticeInterval: Int64 = 600

    /// The notice's human-readable message.
    public func message(destination: String) -> String {
        switch self {
        case .retrying: "Delivery to \(destination) failed; it will be retried."
        case .retriesExhausted: "Delivery to \(destination) failed after all retries; the webhook was deactivated."
        case .domainBlocked: "The domain of \(destination) was blocked after too many failed deliveries."
        }
    }

    /// The notice's `data`: `{type: "webhook", id, error_code, message}`.
    public func data(hookID: Int64, destination: String) -> JSONValue {
        .object([
            "type": .string("webhook"), "id": .number(Double(hookID)), "error_code": .number(Double(rawValue)),
            "message": .string(message(destination: destination)),
        ])
    }
}
