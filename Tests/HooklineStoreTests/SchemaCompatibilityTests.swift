import Foundation
import GRDB
@testable import HooklineStore
import PostgresNIO
import Testing

/// A node refuses a database that a newer Hookline migrated further than it knows (rolling upgrades).
@Suite struct SchemaCompatibilityTests {
    @Test func onlyUnknownMigrationsAreRefused() throws {
        try SchemaCompatibility.check(applied: ["v1", "v2"], known: ["v1", "v2", "v3"])
        try SchemaCompatibility.check(applied: [String](), known: ["v1"])
        #expect(throws: SchemaTooNewError(unknownMigrations: ["v4", "v5"])) {
            try SchemaCompatibility.check(applied: ["v5", "v1", "v4"], known: ["v1", "v2"])
        }
        let message = SchemaTooNewError(unknownMigrations: ["v9-later"]).description
        #expect(message.contains("newer") && message.contains("v9-later") && message.contains("every node"))
    }

    @Test(arguments: StorageFactory.all)
    func aDatabaseMigratedByANewerHooklineIsRefused(_ factory: StorageFactory) async throws {
        try await factory.withLocation { location in
            try await factory.withOpened(location) { storage in
                _ = try await storage.createStore(hash: "kept", now: 1)
                try await Self.recordMigration("v999-from-a-newer-hookline", in: storage)
            }
            await #expect(throws: SchemaTooNewError(unknownMigrations: ["v999-from-a-newer-hookline"])) {
                let opened = try await factory.open(location)
                await opened.close()
            }
        }
    }

    /// Records a migration this build does not have, as a newer Hookline would have.
    static func recordMigration(_ identifier: String, in storage: any HooklineStorage) async throws {
        if let sqlite = storage as? SQLiteStorage {
            try await sqlite.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier]) }
        } else if let postgres = storage as? PostgresStorage {
            _ = try await postgres.rows("INSERT INTO schema_migrations (identifier) VALUES (\(identifier))")
        } else {
            Issue.record("unknown storage \(type(of: storage))")
        }
    }
}
