import HooklineCore

/// Accepts the platform's events: what `POST /admin/v1/stores/{h}/events` calls, once.
///
/// The seam between the API and the delivery engine. The API may not import `HooklineDelivery`
/// (layers import one way), and the delivery module's `Publisher`, which leases new deliveries to
/// its node's engine, may not import the API; both import this module, so the protocol lives here.
/// Every `DeliveryQueue` is itself a publisher that leaves every delivery pending for a claim: what a
/// node without delivery, or a test of the API alone, uses.
public protocol EventPublishing: Sendable {
    /// Accepts `events` for the store in one transaction, as `DeliveryQueue.publish` says; `now` is
    /// Unix ms. Returns one result per event, in order.
    func publish(_ events: [EventDraft], storeHash: String, now: Int64) async throws -> [PublishedEvent]
}
