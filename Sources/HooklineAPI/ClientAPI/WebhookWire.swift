import HooklineCore

/// A webhook as BigCommerce's API shows it (`webhook_Full`), plus `status` in `hooks_list`.
struct WebhookWire: Encodable {
    var id: Int64
    var client_id: String
    var store_hash: String
    var scope: String
    var destination: String
    var headers: [String: String]?
    var is_active: Bool
    var events_history_enabled: Bool
    var created_at: Int64
    var updated_at: Int64
    var status: WebhookStatus?

    init(_ hook: Webhook, includeStatus: Bool = false) {
        id = hook.id
        client_id = hook.owner.clientID
        store_hash = hook.owner.storeHash
        scope = hook.scope
        destination = hook.destination
        headers = hook.headers
        is_active = hook.isActive
        events_history_enabled = hook.eventsHistoryEnabled
        created_at = hook.createdAt
        updated_at = hook.updatedAt
        status = includeStatus ? hook.status : nil
    }

    enum CodingKeys: String, CodingKey {
        case id, client_id, store_hash, scope, destination, headers, is_active, events_history_enabled, created_at,
            updated_at, status
    }

    /// `headers` is written as `null` when absent, as BigCommerce does; `status` only in `hooks_list`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(client_id, forKey: .client_id)
        try container.encode(store_hash, forKey: .store_hash)
        try container.encode(scope, forKey: .scope)
        try container.encode(destination, forKey: .destination)
        try container.encode(headers, forKey: .headers)
        try container.encode(is_active, forKey: .is_active)
        try container.encode(events_history_enabled, forKey: .events_history_enabled)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(updated_at, forKey: .updated_at)
        try container.encodeIfPresent(status, forKey: .status)
    }
}
