/// How numeric store ids are assigned.
enum StoreIDs {
    /// The first `store_id` handed out; seven digits like BigCommerce's, so payloads look familiar.
    static let firstID: Int64 = 1_000_001
}
