/// How the inbound gateway recognises a webhook it already accepted from a source: by the sender's
/// `webhook-id` (Standard Webhooks keeps it across retries) or by BigCommerce's payload `hash`
/// (the same on every delivery of one event, also to two of the sender's hooks). Either one seen
/// before makes the request a duplicate.
///
/// The hash is taken together with the payload's scope and `created_at`, which every delivery of
/// one event repeats: BigCommerce derives its hash from the payload's data, which for two
/// updates of one order an hour apart is the same `{"type": "order", "id": 7}`; the hash alone
/// would drop the second update as a duplicate of the first.
///
/// The keys travel with the event (`EventDraft.dedupeKeys`), and the store writes them in the
/// transaction that writes the event, so a crash can neither lose an accepted event nor let its
/// retry in twice.
public enum InboundDedupe {
    /// The longest `webhook-id` or `hash` kept as a key; longer ones are refused as input.
    public static let maxKeyPartLength = 256

    /// The dedupe keys of one request from `source`: its `webhook-id` and, if the payload has one,
    /// its `hash` with its `scope` and `created_at` (if it has one). Keys of different sources never
    /// collide.
    public static func keys(source: String, webhookID: String, payloadHash: String?, scope: String, createdAt: Int64?)
        -> [String]
    {
        var keys = ["inbound/\(source)/webhook-id/\(webhookID)"]
        if let payloadHash, !payloadHash.isEmpty {
            keys.append("inbound/\(source)/hash/\(scope)/\(createdAt.map(String.init) ?? "")/\(payloadHash)")
        }
        return keys
    }
}
