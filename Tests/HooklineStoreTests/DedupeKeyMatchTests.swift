import HooklineCore
@testable import HooklineStore
import Testing

/// The rule both stores follow for an event's dedupe keys, without a database.
@Suite struct DedupeKeyMatchTests {
    /// A row as `InboundSQL.keyedEvent` returns it.
    struct KeyedRow: SQLRow {
        var values: [String: Int64?] = [:]
        var texts: [String: String] = [:]
        func optionalInteger(_ column: String) throws -> Int64? { values[column] ?? nil }
        func optionalText(_ column: String) throws -> String? { texts[column] }
        func optionalBoolean(_ column: String) throws -> Bool? { nil }
    }

    static let event = EventDraft(eventID: "new", scope: "store/order/created", data: .object([:]), createdAt: 1, dedupeKeys: ["k"])

    @Test func withoutAHeldKeyTheKeysAreTheNewEventsAndNothingIsADuplicate() throws {
        let match = try DedupeKeyMatch(Self.event, stored: KeyedRow?.none)
        #expect(match.duplicate == nil && match.owner == "new")
    }

    @Test func aHeldKeyMakesADuplicateOfItsEventWhichTakesTheOtherKeys() throws {
        let row = KeyedRow(values: ["delivery_count": 3], texts: ["event_id": "first"])
        let match = try DedupeKeyMatch(Self.event, stored: row)
        #expect(match.duplicate == PublishedEvent(eventID: "first", deliveries: 3, duplicate: true))
        #expect(match.owner == "first")
        let expired = try DedupeKeyMatch(Self.event, stored: KeyedRow(texts: ["event_id": "gone"]))
        #expect(expired.duplicate == PublishedEvent(eventID: "gone", deliveries: 0, duplicate: true), "its event removed by retention")
    }
}
