import HooklineCore

/// Webhooks' delivery settings (ordering, rate and in-flight limits): what the operator sets through
/// `/admin/v1/stores/{store_hash}/hooks/{id}/delivery`. Hookline's own extension; the client API's
/// webhooks do not show them.
///
/// One role of `HooklineStorage`. Every method is one transaction.
public protocol HookSettingsStore: Sendable {
    /// A webhook of the store's delivery settings; `nil` if the store has no such webhook.
    func deliverySettings(hookID: Int64, storeHash: String) async throws -> HookDeliverySettings?

    /// Applies `change` to a webhook of the store's delivery settings and returns them as they are
    /// now; `nil` if the store has no such webhook. The webhook's pending deliveries are claimed
    /// under the new settings from the next claim on.
    func updateDeliverySettings(hookID: Int64, storeHash: String, change: HookDeliverySettingsChange) async throws
        -> HookDeliverySettings?
}
