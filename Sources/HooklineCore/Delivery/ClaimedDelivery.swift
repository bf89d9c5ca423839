import Foundation

/// A delivery a node has leased and is about to attempt, with everything the attempt needs.
public struct ClaimedDelivery: Sendable, Equatable {
    /// The delivery's id.
    public var deliveryID: Int64
    /// The event's internal sequence number.
    public var eventSeq: Int64
    /// The publisher's event id.
    public var eventID: String
    /// The webhook the delivery is for.
    public var hookID: Int64
    /// The webhook's owner.
    public var owner: HookOwner
    /// Number of this attempt (1 for the first).
    public var attempt: Int
    /// Where to POST; `nil` if the webhook no longer exists.
    public var destination: String?
    /// The destination's host as recorded on the delivery: the key of per-host limits and the blocklist.
    public var host: String
    /// The webhook's custom headers.
    public var headers: [String: String]?
    /// Whether the webhook is active now (inactive or deleted webhooks get nothing).
    public var hookActive: Bool
    /// Whether the webhook is the client's delivery exception hook (its failures raise no notices).
    public var isExceptionHook: Bool
    /// The owning account's `client_secret`, which keys the signature; `nil` if the account is gone.
    public var clientSecret: String?
    /// The secret the account's last rotation replaced, which signs too until `previousSecretExpiresAt`.
    public var previousClientSecret: String?
    /// Until when (Unix seconds) `previousClientSecret` signs.
    public var previousSecretExpiresAt: Int64?
    /// The JSON body, encoded once when the event was accepted.
    public var payload: Data
    /// If the client's destination host is on the blocklist, until when (Unix seconds).
    public var blockedUntil: Int64?
    /// The webhook's delivery settings (ordering, rate and in-flight limits) at claim time.
    public var settings: HookDeliverySettings

    /// Creates a claimed delivery.
    public init(
        deliveryID: Int64, eventSeq: Int64, eventID: String, hookID: Int64, owner: HookOwner, attempt: Int,
        destination: String?, host: String, headers: [String: String]?, hookActive: Bool, isExceptionHook: Bool,
        clientSecret: String?, payload: Data, blockedUntil: Int64?, previousClientSecret: String? = nil,
        previousSecretExpiresAt: Int64? = nil, settings: HookDeliverySettings = .unconfigured
    ) {
        self.deliveryID = deliveryID
        self.eventSeq = eventSeq
        self.eventID = eventID
        self.hookID = hookID
        self.owner = owner
        self.attempt = attempt
        self.destination = destination
        self.host = host
        self.headers = headers
        self.hookActive = hookActive
        self.isExceptionHook = isExceptionHook
        self.clientSecret = clientSecret
        self.payload = payload
        self.blockedUntil = blockedUntil
        self.previousClientSecret = previousClientSecret
        self.previousSecretExpiresAt = previousSecretExpiresAt
        self.settings = settings
    }

    /// The secrets that sign this delivery's attempts; `nil` if the account is gone.
    public var signingSecrets: SigningSecrets? {
        clientSecret.map {
            SigningSecrets(current: $0, previous: previousClientSecret, previousExpiresAt: previousSecretExpiresAt)
        }
    }

    /// Standard Webhooks `webhook-id`: the same for every attempt of this event to this webhook,
    /// so receivers can drop duplicates.
    public var messageID: String { "msg_\(eventSeq)_\(hookID)" }
}
