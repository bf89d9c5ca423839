/// An event as a publisher sends it, checked: concrete scope, data of the right shape.
public struct EventDraft: Sendable, Equatable {
    /// The publisher's id, the idempotency key within the store; generated when absent.
    public var eventID: String
    /// The concrete scope (`store/order/created`).
    public var scope: String
    /// What the publisher sent as `data`, passed through unchanged.
    public var data: JSONValue
    /// The event's time, Unix seconds.
    public var createdAt: Int64
    /// Further idempotency keys within the store (`InboundDedupe.keys`): an event with a key the
    /// store already holds is a duplicate of the event that key was written with, like one with a
    /// known `eventID`; the keys of a new event are written with it, in its transaction.
    public var dedupeKeys: [String]

    /// Creates a draft.
    public init(eventID: String, scope: String, data: JSONValue, createdAt: Int64, dedupeKeys: [String] = []) {
        self.eventID = eventID
        self.scope = scope
        self.data = data
        self.createdAt = createdAt
        self.dedupeKeys = dedupeKeys
    }

    /// The longest publisher event id accepted.
    public static let maxEventIDLength = 200

    /// Whether `data` must be an array for `scope`: BigCommerce's batch price-list scopes carry
    /// a list of records; every other scope carries an object.
    public static func takesArrayData(_ scope: String) -> Bool {
        scope.hasPrefix("store/priceList/records/")
    }
}
