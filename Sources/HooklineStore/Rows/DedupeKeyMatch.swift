import HooklineCore

/// What a publish does with an event that carries dedupe keys (`EventDraft.dedupeKeys`), given the
/// row `InboundSQL.keyedEvent` found for them: the one rule both stores follow in their publish
/// transaction, before the event's own id is checked.
///
/// A key already held makes the event a duplicate of the event it was written with, and the
/// event's other keys are recorded as that event's too (a retry under a new `webhook-id` teaches
/// it); otherwise every key is recorded as the new event's.
struct DedupeKeyMatch {
    /// The duplicate's result, if one of the keys was held.
    var duplicate: PublishedEvent?
    /// The event the keys are recorded under.
    var owner: String

    /// The match of `event`'s keys, from the `keyedEvent` row (`event_id`, `delivery_count`), if any.
    init(_ event: EventDraft, stored row: (some SQLRow)?) throws {
        guard let row else {
            owner = event.eventID
            return
        }
        owner = try row.text("event_id")
        duplicate = PublishedEvent(
            eventID: owner, deliveries: try row.optionalInteger("delivery_count").map(Int.init) ?? 0, duplicate: true)
    }
}
