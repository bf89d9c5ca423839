import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Delivery settings

    /// A webhook of the store's delivery settings.
    public func deliverySettings(hookID: Int64, storeHash: String) async throws -> HookDeliverySettings? {
        try await pool.read { db in
            try db.row(HookSQL.deliverySettings(hookID: hookID, storeHash: storeHash))
                .map(HookDeliverySettings.init(row:))
        }
    }

    /// Applies a change to a webhook's delivery settings in one write transaction, marking its
    /// deliveries when whether they are gated changes.
    public func updateDeliverySettings(hookID: Int64, storeHash: String, change: HookDeliverySettingsChange) async throws
        -> HookDeliverySettings?
    {
        try await pool.write { db in
            guard
                let current = try db.row(HookSQL.deliverySettings(hookID: hookID, storeHash: storeHash))
                    .map(HookDeliverySettings.init(row:))
            else { return nil }
            let updated = change.applied(to: current)
            try db.execute(HookSQL.setDeliverySettings(updated, hookID: hookID))
            if updated.limitsClaims != current.limitsClaims {
                try db.execute(HookSQL.markDeliveries(hookID: hookID, limited: updated.limitsClaims))
            }
            return updated
        }
    }
}
