/// The secrets that sign an account's deliveries: its current `client_secret` and, for an overlap
/// after a rotation, the one it replaced.
///
/// Standard Webhooks lets `webhook-signature` carry several space-separated signatures so that a
/// receiver can move to a new secret while the old one still verifies; this is the one rule of
/// which secrets sign at a given time.
public struct SigningSecrets: Sendable, Equatable {
    /// The account's current secret: it always signs, first.
    public var current: String
    /// The secret the last rotation replaced, if any.
    public var previous: String?
    /// Until when (Unix seconds, exclusive) `previous` still signs.
    public var previousExpiresAt: Int64?

    /// Secrets as an account keeps them.
    public init(current: String, previous: String? = nil, previousExpiresAt: Int64? = nil) {
        self.current = current
        self.previous = previous
        self.previousExpiresAt = previousExpiresAt
    }

    /// The replaced secret if it still signs at `now` (Unix seconds): before `previousExpiresAt`.
    public func previousSigning(at now: Int64) -> String? {
        guard let previous, let previousExpiresAt, now < previousExpiresAt, previous != current else { return nil }
        return previous
    }

    /// The secrets that sign a message sent at `now` (Unix seconds), newest first.
    public func signing(at now: Int64) -> [String] {
        if let previous = previousSigning(at: now) { return [current, previous] }
        return [current]
    }
}
