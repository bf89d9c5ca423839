import Foundation
import HooklineCore
@testable import HooklineStore
import HooklineTestSupport
import PostgresNIO
import Synchronization
import Testing

/// What only the PostgreSQL storage has: URL parsing, migrations run by several nodes at once,
/// notifications. The server tests run when `HOOKLINE_TEST_POSTGRES_URL` is set.
@Suite struct PostgresStorageTests {
    static var server: StorageFactory? { TestPostgres.adminURL.map { StorageFactory.postgres(adminURL: $0) } }

    @Test func parsesDatabaseURLs() throws {
        let full = try PostgresClient.Configuration.hookline(
            url: "postgres://alice:p%40ss@db.internal:6543/hook%5Fline?sslmode=disable&application_name=x")
        #expect(full.host == "db.internal" && full.port == 6543)
        #expect(full.username == "alice" && full.password == "p@ss" && full.database == "hook_line")
        let bare = try PostgresClient.Configuration.hookline(url: "postgresql://127.0.0.1")
        #expect(bare.host == "127.0.0.1" && bare.port == 5432)
        #expect(bare.username == "postgres" && bare.password == nil && bare.database == "postgres")
        #expect(try PostgresClient.Configuration.hookline(url: "postgres://bob@h/").database == "bob")
        // Escapes are decoded once: "%2541" is a literal "%41".
        #expect(try PostgresClient.Configuration.hookline(url: "postgres://u:a%2541b%3Ac@h/d").password == "a%41b:c")
        #expect(throws: PostgresURLError.self) { try PostgresClient.Configuration.hookline(url: "mysql://x@y/z") }
        #expect(throws: PostgresURLError.self) { try PostgresClient.Configuration.hookline(url: "postgres://x@y/z?sslmode=bogus") }
        #expect(throws: PostgresURLError.self) { try PostgresStorage(url: "postgres://x@y/a/b", logger: testLogger) }
    }

    @Test func anUnreachableServerFailsInsteadOfSkipping() async throws {
        let factory = StorageFactory.postgres(adminURL: "postgres://postgres@127.0.0.1:1/postgres")
        await #expect(throws: (any Error).self) { _ = try await factory.newLocation() }
    }

    @Test(.enabled(if: server != nil)) func migrationsApplyOnceWhenNodesStartTogether() async throws {
        let factory = try #require(Self.server)
        try await factory.withLocation { location in
            let nodes = try await withThrowingTaskGroup(of: OpenedStorage.self) { group in
                for _ in 0..<4 { group.addTask { try await factory.open(location) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Migrating again changes nothing.
            let applied = await capture {
                try await (nodes[0].storage as? PostgresStorage)?.migrate()
                return try await TestPostgres(url: location).column("SELECT identifier FROM schema_migrations ORDER BY identifier")
                    .compactMap { $0 }
            }
            for node in nodes { await node.close() }
            // Each once, in whatever order the identifiers sort (a branch's step is named after it).
            #expect(try applied.get() == PostgresSchema.migrations.map(\.identifier).sorted())
        }
    }

    @Test(.enabled(if: server != nil)) func theQueueIsVacuumedAtAFiftiethDead() async throws {
        let factory = try #require(Self.server)
        try await factory.withLocation { location in
            let opened = try await factory.open(location)
            let options = try await TestPostgres(url: location).scalar("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'deliveries'")
            await opened.close()
            #expect(options == "autovacuum_vacuum_scale_factor=0.02,autovacuum_analyze_scale_factor=0.02")
        }
    }

    @Test(.enabled(if: server != nil)) func listenersHearDeliveriesMadeOnOtherNodes() async throws {
        let factory = try #require(Self.server)
        try await factory.withLocation { location in
            try await factory.withNodes(2, at: location) { nodes in
                let listener = try #require(nodes[0] as? PostgresStorage)
                let heard = Heard()
                let listening = Task { try await listener.listenForDeliveries { heard.add() } }
                #expect(await heard.waitFor(1), "listening never started")

                let (owner, _) = try await DeliveryStorageTests.setUp(nodes[1], destinations: ["https://a.example/1"])
                // Nothing to deliver: no notification.
                _ = try await nodes[1].publish(
                    [DeliveryStorageTests.event("x", scope: "store/cart/created")], storeHash: owner.storeHash, now: 1)
                _ = try await nodes[1].publish([DeliveryStorageTests.event("e1")], storeHash: owner.storeHash, now: 1)
                #expect(await heard.waitFor(2), "no notification after a publish on another node")
                #expect(heard.count == 2)

                let claimed = try await nodes[1].claimDeliveries(
                    node: "n", now: 1, leaseUntil: 2, limit: 1, perHostLimit: 1, excludingHosts: [])
                _ = try await nodes[1].completeDeliveries(
                    claimed.map { DeliveryCompletion(delivery: $0, outcome: .released) }, node: "n", rules: CompletionRules(), now: 3)
                #expect(await heard.waitFor(3), "no notification after a release")

                listening.cancel()
                try await listening.value
            }
        }
    }
}

/// Counts notifications heard, for polling from the test.
final class Heard: Sendable {
    private let state = Mutex(0)

    var count: Int { state.withLock { $0 } }

    func add() { state.withLock { $0 += 1 } }

    /// Whether `count` reaches `target` within 10 seconds.
    func waitFor(_ target: Int) async -> Bool {
        (try? await Eventually.wait("\(target) notifications", timeout: .seconds(10)) { count >= target ? true : nil }) ?? false
    }
}
