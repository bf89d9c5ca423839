import HooklineCore

/// The statements both stores run, as written, for webhooks and notification emails. The rules
/// (limits, the update merge) are decided in HooklineCore (`WebhookLimits`, `WebhookUpdate`).
enum HookSQL {
    /// The owner's webhooks as the limits see them (`id`, `scope`, `destination`).
    static func slots(owner: HookOwner) -> SQLStatement {
        SQLStatement(
            "SELECT id, scope, destination FROM hooks WHERE store_hash = ? AND client_id = ?",
            [.text(owner.storeHash), .text(owner.clientID)])
    }

    /// Inserts a webhook; returns its `id`.
    static func insert(_ draft: WebhookDraft, owner: HookOwner, headers: String?, now: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO hooks (store_hash, client_id, scope, destination, headers, status, events_history_enabled,
                               created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            [
                .text(owner.storeHash), .text(owner.clientID), .text(draft.scope), .text(draft.destination), .text(headers),
                .text((draft.isActive ? WebhookStatus.active : .inactive).rawValue), .boolean(draft.eventsHistoryEnabled),
                .integer(now), .integer(now),
            ])
    }

    /// One of the owner's webhooks (a `Webhook` row).
    static func hook(id: Int64, owner: HookOwner) -> SQLStatement {
        SQLStatement(
            "SELECT * FROM hooks WHERE id = ? AND store_hash = ? AND client_id = ?",
            [.integer(id), .text(owner.storeHash), .text(owner.clientID)])
    }

    /// A webhook of the store, whoever owns it.
    static func hook(id: Int64, storeHash: String) -> SQLStatement {
        SQLStatement("SELECT * FROM hooks WHERE id = ? AND store_hash = ?", [.integer(id), .text(storeHash)])
    }

    /// The `WHERE` of a filtered list of the owner's webhooks, and its arguments.
    private static func listCondition(owner: HookOwner, filter: WebhookFilter) -> (sql: String, arguments: [SQLValue]) {
        var conditions = ["store_hash = ?", "client_id = ?"]
        var arguments: [SQLValue] = [.text(owner.storeHash), .text(owner.clientID)]
        if let isActive = filter.isActive { conditions.append(isActive ? "status = 'active'" : "status <> 'active'") }
        if let scope = filter.scope {
            conditions.append("scope = ?")
            arguments.append(.text(scope))
        }
        if let destination = filter.destination {
            conditions.append("destination = ?")
            arguments.append(.text(destination))
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// How many of the owner's webhooks pass the filter (`total`).
    static func count(owner: HookOwner, filter: WebhookFilter) -> SQLStatement {
        let condition = listCondition(owner: owner, filter: filter)
        return SQLStatement("SELECT COUNT(*) AS total FROM hooks WHERE \(condition.sql)", condition.arguments)
    }

    /// A page of the owner's webhooks that pass the filter, in id order.
    static func list(owner: HookOwner, filter: WebhookFilter, page: PageRequest) -> SQLStatement {
        let condition = listCondition(owner: owner, filter: filter)
        return SQLStatement(
            "SELECT * FROM hooks WHERE \(condition.sql) ORDER BY id LIMIT ? OFFSET ?",
            condition.arguments + [.integer(page.limit), .integer(page.offset)])
    }

    /// Moves the webhook's pending deliveries to a new destination host.
    static func movePendingDeliveries(hookID: Int64, host: String) -> SQLStatement {
        SQLStatement(
            "UPDATE deliveries SET host = ? WHERE hook_id = ? AND state = 'pending'", [.text(host), .integer(hookID)])
    }

    /// Saves a webhook's fields as they are now.
    static func update(_ hook: Webhook, headers: String?) -> SQLStatement {
        SQLStatement(
            """
            UPDATE hooks SET scope = ?, destination = ?, headers = ?, status = ?, events_history_enabled = ?, updated_at = ?
            WHERE id = ?
            """,
            [
                .text(hook.scope), .text(hook.destination), .text(headers), .text(hook.status.rawValue),
                .boolean(hook.eventsHistoryEnabled), .integer(hook.updatedAt), .integer(hook.id),
            ])
    }

    /// Deletes one of the owner's webhooks; returns it as it was.
    static func delete(id: Int64, owner: HookOwner) -> SQLStatement {
        SQLStatement(
            "DELETE FROM hooks WHERE id = ? AND store_hash = ? AND client_id = ? RETURNING *",
            [.integer(id), .text(owner.storeHash), .text(owner.clientID)])
    }

    /// The columns of a webhook's delivery settings, as `HookDeliverySettings.init(row:)` reads them.
    static let settingsColumns = "ordering, max_per_second, max_in_flight"

    /// A webhook of the store's delivery settings (`settingsColumns`); with `lockingFor`, locked until
    /// the transaction ends where that dialect locks rows.
    static func deliverySettings(hookID: Int64, storeHash: String, lockingFor dialect: SQLDialect? = nil) -> SQLStatement {
        SQLStatement(
            "SELECT \(settingsColumns) FROM hooks WHERE id = ? AND store_hash = ? \(dialect?.lockingClause ?? "")",
            [.integer(hookID), .text(storeHash)])
    }

    /// Saves a webhook's delivery settings.
    static func setDeliverySettings(_ settings: HookDeliverySettings, hookID: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE hooks SET ordering = ?, max_per_second = ?, max_in_flight = ? WHERE id = ?",
            [
                .text(settings.ordering.rawValue), .integer(settings.maxPerSecond), .integer(settings.maxInFlight),
                .integer(hookID),
            ])
    }

    /// Marks the webhook's deliveries as claimed under its settings' gate or not
    /// (`HookDeliverySettings.limitsClaims`); finished ones too, so a delivery retried later by
    /// the operator is claimed as the settings then say.
    static func markDeliveries(hookID: Int64, limited: Bool) -> SQLStatement {
        SQLStatement(
            "UPDATE deliveries SET hook_limited = ? WHERE hook_id = ? AND hook_limited <> ?",
            [.boolean(limited), .integer(hookID), .boolean(limited)])
    }

    /// The owner's notification emails (`emails`, a JSON array).
    static func notificationEmails(owner: HookOwner) -> SQLStatement {
        SQLStatement(
            "SELECT emails FROM notification_emails WHERE store_hash = ? AND client_id = ?",
            [.text(owner.storeHash), .text(owner.clientID)])
    }

    /// Replaces the owner's notification emails (a JSON array).
    static func setNotificationEmails(json: String, owner: HookOwner) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO notification_emails (store_hash, client_id, emails) VALUES (?, ?, ?)
            ON CONFLICT (store_hash, client_id) DO UPDATE SET emails = excluded.emails
            """, [.text(owner.storeHash), .text(owner.clientID), .text(json)])
    }
}

extension StorageError {
    /// The storage error for a webhook the limits refuse.
    init(_ violation: WebhookLimits.Violation, scope: String, destination: String, limits: WebhookLimits) {
        switch violation {
        case .duplicate: self = .duplicateHook(scope: scope, destination: destination)
        case .scopeFull: self = .hookLimitReached(scope: scope, limit: limits.maxHooksPerScope)
        case .exceptionHookExists: self = .exceptionHookExists
        case .exceptionHookDestinationShared: self = .exceptionHookDestinationShared(destination: destination)
        }
    }
}

extension WebhookLimits {
    /// Checks a webhook of `scope` to `destination` against the owner's webhooks read from
    /// `HookSQL.slots` rows; throws the `StorageError` for the first rule broken.
    func check(scope: String, destination: String, replacing id: Int64?, slotRows: [some SQLRow]) throws {
        let slots = try slotRows.map {
            Slot(id: try $0.integer("id"), scope: try $0.text("scope"), destination: try $0.text("destination"))
        }
        do {
            try check(scope: scope, destination: destination, replacing: id, existing: slots)
        } catch {
            throw StorageError(error, scope: scope, destination: destination, limits: self)
        }
    }
}
