/// The validated fields of a webhook to create.
public struct WebhookDraft: Sendable, Equatable {
    /// Normalised subscription scope.
    public var scope: String
    /// Destination URL, accepted by the destination policy.
    public var destination: String
    /// Custom delivery headers, or `nil`.
    public var headers: [String: String]?
    /// `is_active`; defaults to `true`.
    public var isActive: Bool
    /// `events_history_enabled`; defaults to `false`.
    public var eventsHistoryEnabled: Bool

    /// Creates a draft.
    public init(
        scope: String, destination: String, headers: [String: String]? = nil, isActive: Bool = true,
        eventsHistoryEnabled: Bool = false
    ) {
        self.scope = scope
        self.destination = destination
        self.headers = headers
        self.isActive = isActive
        self.eventsHistoryEnabled = eventsHistoryEnabled
    }
}

/// A partial update of a webhook (`PUT /hooks/{id}`): `nil` leaves a field unchanged.
public struct WebhookChanges: Sendable, Equatable {
    /// New normalised subscription scope.
    public var scope: String?
    /// New destination URL.
    public var destination: String?
    /// New custom headers; `.some(nil)` clears them.
    public var headers: [String: String]??
    /// New `is_active`; `true` also re-activates a deactivated webhook.
    public var isActive: Bool?
    /// New `events_history_enabled`.
    public var eventsHistoryEnabled: Bool?

    /// Creates a change set.
    public init(
        scope: String? = nil, destination: String? = nil, headers: [String: String]?? = nil,
        isActive: Bool? = nil, eventsHistoryEnabled: Bool? = nil
    ) {
        self.scope = scope
        self.destination = destination
        self.headers = headers
        self.isActive = isActive
        self.eventsHistoryEnabled = eventsHistoryEnabled
    }

    /// Whether the update names no field at all (BigCommerce answers such a `PUT` with 422).
    public var isEmpty: Bool {
        scope == nil && destination == nil && headers == nil && isActive == nil && eventsHistoryEnabled == nil
    }
}

/// A filter for listing a client's webhooks (`GET /hooks` query).
public struct WebhookFilter: Sendable, Equatable {
    /// Only webhooks whose `is_active` is this.
    public var isActive: Bool?
    /// Only webhooks with exactly this (normalised) scope.
    public var scope: String?
    /// Only webhooks with exactly this destination.
    public var destination: String?

    /// Creates a filter; `nil` fields do not filter.
    public init(isActive: Bool? = nil, scope: String? = nil, destination: String? = nil) {
        self.isActive = isActive
        self.scope = scope
        self.destination = destination
    }
}
