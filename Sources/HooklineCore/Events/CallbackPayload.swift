import Crypto
import Foundation

/// The body BigCommerce POSTs to a destination:
/// `{"scope", "store_id", "data", "hash", "created_at", "producer"}`.
///
/// It is the same for every webhook an event goes to, so it is encoded once, when the event is
/// accepted, and stored with it.
public struct CallbackPayload: Sendable, Equatable, Codable {
    /// The event's concrete scope (never the hook's wildcard).
    public var scope: String
    /// The store's numeric id, as a decimal string.
    public var store_id: String
    /// What the publisher sent.
    public var data: JSONValue
    /// SHA-1 hex digest identifying the event; the same on every delivery of it.
    public var hash: String
    /// The event's time, Unix seconds.
    public var created_at: Int64
    /// `stores/{store_hash}`.
    public var producer: String

    /// Builds the payload of an event of a store.
    public init(event: EventDraft, storeHash: String, storeID: Int64) {
        scope = event.scope
        store_id = String(storeID)
        data = event.data
        created_at = event.createdAt
        producer = "stores/\(storeHash)"
        hash = Self.eventHash(storeHash: storeHash, event: event)
    }

    /// The event's hash: SHA-1 over its identity (store, event id, scope, time). The event id is unique
    /// within the store, so the hash is stable for the event and differs between events.
    public static func eventHash(storeHash: String, event: EventDraft) -> String {
        Insecure.SHA1.hash(data: Data("\(storeHash)\n\(event.eventID)\n\(event.scope)\n\(event.createdAt)\n".utf8)).lowercaseHex
    }

    /// The JSON body, with keys sorted and slashes unescaped.
    public func encoded() throws -> Data { try Self.encoder.encode(self) }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
