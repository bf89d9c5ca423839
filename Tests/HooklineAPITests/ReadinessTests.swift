import HooklineCore
import HooklineTestSupport
import Testing

@testable import HooklineAPI

/// The rule behind `/ready`, on the selected store.
@Suite struct ReadinessTests {
    @Test func readyNeedsTheDatabaseAndARunningEngine() async throws {
        let opened = try await TestStorage.open(try await TestStorage.newLocation())
        let now = WallClock.nowMilliseconds()
        // The 2 s that `/ready` gives the database is for a serving node; a loaded test machine's first
        // connection (TLS on PostgreSQL) may take longer, and that is not what this test is about.
        func readiness(_ deliveryRunning: (@Sendable () -> Bool)?) -> Readiness {
            Readiness(storage: opened.storage, deliveryRunning: deliveryRunning, databaseTimeout: .seconds(30))
        }
        #expect(await readiness(nil).problems(now: now).isEmpty, "no engine to wait for")
        #expect(await readiness({ true }).problems(now: now).isEmpty)
        #expect(
            await readiness({ false }).problems(now: now)
                == ["the delivery engine is not running"])
        await opened.close()
    }
}
