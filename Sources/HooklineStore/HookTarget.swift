import HooklineCore

/// A webhook as publishing and replaying need it: where its deliveries go and whose they are.
struct HookTarget: Sendable {
    /// The webhook's id.
    var id: Int64
    /// The owning API account.
    var clientID: String
    /// The subscribed scope (may hold wildcards).
    var scope: String
    /// The destination URL.
    var destination: String
    /// The destination's host, the key of per-host limits and the blocklist; computed once.
    let host: String
    /// The webhook's delivery settings: whether its deliveries are claimed under their gate
    /// (`limitsClaims`: never leased by a publish, marked `hook_limited`).
    var settings: HookDeliverySettings

    /// Creates a target, deriving the destination's host.
    init(id: Int64, clientID: String, scope: String, destination: String, settings: HookDeliverySettings = .unconfigured) {
        self.id = id
        self.clientID = clientID
        self.scope = scope
        self.destination = destination
        self.settings = settings
        host = DestinationPolicy.host(of: destination)
    }

    /// Whether an event of `eventScope` goes to this webhook when published (the delivery exception
    /// hook gets only the notices Hookline raises itself).
    func receives(_ eventScope: String) -> Bool {
        scope != DeliveryExceptionCode.scope && ScopeCatalog.matches(subscription: scope, event: eventScope)
    }
}

/// A store's active webhooks, matched to events by scope; each scope is matched once, since a batch's
/// events mostly share a few scopes.
struct HookMatcher {
    private let hooks: [HookTarget]
    private var byScope: [String: [HookTarget]] = [:]

    /// A matcher over `hooks`.
    init(_ hooks: [HookTarget]) {
        self.hooks = hooks
    }

    /// The webhooks an event of `scope` goes to.
    mutating func hooks(receiving scope: String) -> [HookTarget] {
        if let known = byScope[scope] { return known }
        let matching = hooks.filter { $0.receives(scope) }
        byScope[scope] = matching
        return matching
    }
}
