/// A partial update of a webhook (`PUT /hooks/{id}`) merged into the webhook as stored: the
/// webhook it becomes, and what the store must do besides saving it.
public struct WebhookUpdate: Sendable, Equatable {
    /// The webhook as it was.
    public var original: Webhook
    /// The webhook as it becomes.
    public var updated: Webhook

    /// Merges `changes` into `webhook` at `now` (Unix seconds). Fields the changes leave `nil` stay;
    /// `is_active: true` re-activates a deactivated webhook, `false` leaves a deactivated one
    /// deactivated (so its client can still see why it stopped).
    public init(_ webhook: Webhook, changes: WebhookChanges, now: Int64) {
        original = webhook
        var updated = webhook
        if let scope = changes.scope { updated.scope = scope }
        if let destination = changes.destination { updated.destination = destination }
        if let headers = changes.headers { updated.headers = headers }
        if let isActive = changes.isActive {
            if isActive { updated.status = .active } else if updated.status == .active { updated.status = .inactive }
        }
        if let eventsHistoryEnabled = changes.eventsHistoryEnabled { updated.eventsHistoryEnabled = eventsHistoryEnabled }
        updated.updatedAt = now
        self.updated = updated
    }

    /// Whether the limits must be checked again: the scope or the destination changes.
    public var needsLimitCheck: Bool {
        updated.scope != original.scope || updated.destination != original.destination
    }

    /// The destination host the webhook's pending deliveries move to (their host keys per-host
    /// limits and the blocklist), if the destination changes.
    public var pendingDeliveriesHost: String? {
        updated.destination == original.destination ? nil : DestinationPolicy.host(of: updated.destination)
    }
}
