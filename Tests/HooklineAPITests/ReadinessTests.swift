import HooklineCore
import HooklineTestSupport
import Testing

@testable import HooklineAPI

/// The rule behind `/ready`, on the selected store.
@Suite struct ReadinessTests {
    @Test func readyNeedsTheDatabaseAndARunningEngine() async throws {
        let opened = try await TestStorage.open(try await TestStorage.newLocation())
        let now = WallClock.nowMilliseconds()
        #expect(await Readiness(storage: opened.storage, deliveryRunning: nil).problems(now: now).isEmpty, "no engine to wait for")
        #expect(await Readiness(storage: opened.storage, deliveryRunning: { true }).problems(now: now).isEmpty)
        #expect(
            await Readiness(storage: opened.storage, deliveryRunning: { false }).problems(now: now)
                == ["the delivery engine is not running"])
        await opened.close()
    }
}
