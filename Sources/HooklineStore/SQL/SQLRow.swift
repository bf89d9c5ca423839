/// A result row of either store, read by column name: where each row type is decoded once
/// (the `init(row:)` initialisers in `Rows/`), whatever store it came from.
protocol SQLRow {
    /// The integer in `column`, or `nil` for NULL; throws if the row has no such column.
    func optionalInteger(_ column: String) throws -> Int64?
    /// The text in `column`, or `nil` for NULL.
    func optionalText(_ column: String) throws -> String?
    /// The boolean in `column`, or `nil` for NULL.
    func optionalBoolean(_ column: String) throws -> Bool?
}

/// A row that lacks a value its reader needs: a mismatch between a statement and its reader.
struct SQLRowError: Error, CustomStringConvertible {
    /// The column.
    var column: String
    /// What went wrong.
    var description: String { "column \(column) is missing or NULL" }
}

extension SQLRow {
    /// The integer in `column`, which must not be NULL.
    func integer(_ column: String) throws -> Int64 {
        guard let value = try optionalInteger(column) else { throw SQLRowError(column: column) }
        return value
    }

    /// The integer in `column` as an `Int`, which must not be NULL.
    func int(_ column: String) throws -> Int { Int(try integer(column)) }

    /// The text in `column`, which must not be NULL.
    func text(_ column: String) throws -> String {
        guard let value = try optionalText(column) else { throw SQLRowError(column: column) }
        return value
    }

    /// The boolean in `column`, which must not be NULL.
    func boolean(_ column: String) throws -> Bool {
        guard let value = try optionalBoolean(column) else { throw SQLRowError(column: column) }
        return value
    }
}
