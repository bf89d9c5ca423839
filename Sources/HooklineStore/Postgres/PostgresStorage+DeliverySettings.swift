import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Delivery settings

    /// A webhook of the store's delivery settings.
    public func deliverySettings(hookID: Int64, storeHash: String) async throws -> HookDeliverySettings? {
        try await row(HookSQL.deliverySettings(hookID: hookID, storeHash: storeHash))
            .map(HookDeliverySettings.init(row:))
    }

    /// Applies a change to a webhook's delivery settings with the webhook's row locked, so changes
    /// from several nodes apply one after the other.
    public func updateDeliverySettings(hookID: Int64, storeHash: String, change: HookDeliverySettingsChange) async throws
        -> HookDeliverySettings?
    {
        try await transaction { session in
            guard
                let current = try await session.row(
                    HookSQL.deliverySettings(hookID: hookID, storeHash: storeHash, lockingFor: .postgres)
                ).map(HookDeliverySettings.init(row:))
            else { return nil }
            let updated = change.applied(to: current)
            try await session.execute(HookSQL.setDeliverySettings(updated, hookID: hookID))
            if updated.limitsClaims != current.limitsClaims {
                try await session.execute(HookSQL.markDeliveries(hookID: hookID, limited: updated.limitsClaims))
            }
            return updated
        }
    }
}
