import HooklineCore

/// Whether this build may use a database, judged by the migrations recorded in it: a database that
/// has a migration this build does not know was upgraded by a newer Hookline, whose schema this
/// build cannot be trusted to read or write. Both stores ask it before migrating.
public enum SchemaCompatibility {
    /// Throws `SchemaTooNewError` if `applied` holds a migration that is not in `known`.
    public static func check(applied: some Sequence<String>, known: [String]) throws(SchemaTooNewError) {
        let knownSet = Set(known)
        let unknown = Set(applied).subtracting(knownSet).sorted()
        guard unknown.isEmpty else { throw SchemaTooNewError(unknownMigrations: unknown) }
    }
}

/// The database's schema is newer than this build knows: a newer Hookline migrated it.
public struct SchemaTooNewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The migrations recorded in the database that this build does not have, sorted.
    public var unknownMigrations: [String]

    /// What happened and what to do.
    public var description: String {
        "the database's schema is newer than this Hookline \(HooklineVersion.current) knows (unknown migrations: "
            + unknownMigrations.joined(separator: ", ")
            + "): a newer Hookline upgraded it; run that version or a later one on every node"
    }
}
