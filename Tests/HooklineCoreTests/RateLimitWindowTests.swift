import HooklineCore
import Testing

@Suite struct RateLimitWindowTests {
    @Test func countsWithinAWindowAndResets() {
        let policy = RateLimitPolicy(quota: 2, windowMilliseconds: 1000)
        var window = RateLimitWindow(startMilliseconds: 0)
        let first = window.record(at: 0, policy: policy)
        #expect(first.allowed && first.remaining == 1 && first.resetMilliseconds == 1000)
        #expect(window.record(at: 100, policy: policy).allowed)
        let third = window.record(at: 200, policy: policy)
        #expect(!third.allowed && third.remaining == 0 && third.resetMilliseconds == 800)
        let nextWindow = window.record(at: 1000, policy: policy)
        #expect(nextWindow.allowed && nextWindow.remaining == 1)
    }
}
