import HooklineCore

/// What retention deletes, table by table, in the order a sweep deletes them: deliveries first,
/// so that their attempts and then their events are no longer needed.
public enum RetentionTable: String, Sendable, CaseIterable {
    /// Deliveries no longer pending, last changed before the cutoff.
    case deliveries
    /// Attempts made before the cutoff whose delivery is gone.
    case attempts
    /// Events-history rows kept before the cutoff.
    case eventsHistory = "events_history"
    /// Events accepted before the cutoff that no delivery and no events-history row refers to.
    case events
    /// Dedupe keys (`EventDraft.dedupeKeys`) written before the cutoff: a sender's retry comes
    /// within days, and the event a key named may be gone.
    case eventKeys = "event_keys"
}

/// Deletes what the retention no longer keeps, a bounded batch at a time.
///
/// One role of `HooklineStorage`. A pending delivery, and the event it needs, is never deleted.
public protocol RetentionStore: Sendable {
    /// Deletes at most `limit` expired rows of `table` in one transaction; returns how many it deleted
    /// (fewer than `limit`: nothing more is expired now).
    func deleteExpired(_ table: RetentionTable, before cutoff: RetentionCutoff, limit: Int) async throws -> Int
}
