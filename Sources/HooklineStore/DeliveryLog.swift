import HooklineCore

/// What became of deliveries, and what the operator may do about them: the attempt log, deliveries
/// by id or event, retry and replay; and the client's views of outcomes (events history, blocked
/// domains).
///
/// One role of `HooklineStorage`. Every method is one transaction: a method that throws has changed
/// nothing. `now` is Unix milliseconds; event times (`since`, `until`, `createdFrom`, `createdTo`)
/// are Unix seconds.
public protocol DeliveryLog: Sendable {
    // MARK: Delivery log and operator actions

    /// A page of attempts, newest first.
    func attempts(_ filter: AttemptFilter, page: PageRequest) async throws -> Page<AttemptRecord>
    /// Makes one delivery of the store due now (also a failed or cancelled one).
    func retryDelivery(id: Int64, storeHash: String, now: Int64) async throws -> DeliveryRetryOutcome
    /// Creates a new delivery to the webhook for each of the store's events created in
    /// `since...until` whose scope the webhook matches; returns how many.
    func replay(hookID: Int64, storeHash: String, since: Int64, until: Int64, now: Int64) async throws -> Int
    /// The deliveries of the store: one by id, or all of one event (publisher's id), in id order.
    func deliveries(storeHash: String, id: Int64?, eventID: String?) async throws -> [DeliveryRecord]
    /// Whether the store has an event with this id (the publisher's), whatever became of it.
    func eventExists(storeHash: String, eventID: String) async throws -> Bool
    /// The callback payload (JSON, as delivered) of the store's event with this id (the publisher's), if it has one.
    func eventPayload(storeHash: String, eventID: String) async throws -> String?

    // MARK: Client views

    /// The owner's events that could not be delivered to a webhook with events history enabled,
    /// as their callback payloads (JSON), oldest first.
    func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    /// The owner's destination hosts blocked at `now`.
    func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain]
}
