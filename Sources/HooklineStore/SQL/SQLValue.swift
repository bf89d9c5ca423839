/// A statement argument, in the few types the schema uses; `nil` binds NULL.
enum SQLValue: Sendable, Equatable {
    /// An integer (ids, times, counts, statuses).
    case integer(Int64?)
    /// Text.
    case text(String?)
    /// A boolean (an integer 0/1 in SQLite).
    case boolean(Bool?)
    /// A list of integers, for `SQLDialect.idList` (a JSON array in SQLite, an array in PostgreSQL).
    case integers([Int64])
}

extension SQLValue {
    /// An integer argument from an `Int`.
    static func integer(_ value: Int?) -> SQLValue { .integer(value.map(Int64.init)) }
}
