/// The SQL, the same in both stores, that tells whether a store has an event.
///
/// Written with PostgreSQL's `$n` placeholders, which SQLite also reads (as parameters named `$1`,
/// `$2`, numbered in order of appearance), so both stores bind the same values by position.
enum EventLookupSQL {
    /// One row if the store (`$1`) has an event with the publisher's id (`$2`), none otherwise.
    static let exists = "SELECT 1 AS found FROM events WHERE store_hash = $1 AND event_id = $2"
}
