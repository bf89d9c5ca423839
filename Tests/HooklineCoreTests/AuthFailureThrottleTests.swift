import HooklineCore
import Testing

@Suite struct AuthFailureThrottleTests {
    let policy = AuthFailurePolicy(failures: 3, windowMilliseconds: 1_000, blockMilliseconds: 5_000, trackedAddresses: 2)

    @Test func aPersistentFailerIsThrottledForTheBlockThenStartsAfresh() {
        var throttle = AuthFailureThrottle(policy: policy)
        #expect(throttle.recordFailure(from: "192.0.2.1", at: 0) == .unauthorized)
        #expect(throttle.recordFailure(from: "192.0.2.1", at: 100) == .unauthorized)
        #expect(throttle.recordFailure(from: "192.0.2.1", at: 200) == .throttled(retryAfterMilliseconds: 5_000, blockStarted: true))
        #expect(throttle.recordFailure(from: "192.0.2.1", at: 1_200) == .throttled(retryAfterMilliseconds: 4_000, blockStarted: false))
        #expect(throttle.recordFailure(from: "192.0.2.2", at: 1_200) == .unauthorized, "other addresses are not affected")
        #expect(throttle.recordFailure(from: "192.0.2.1", at: 5_200) == .unauthorized, "after the block, counting starts afresh")
    }

    @Test func failuresSpreadBeyondTheWindowAreNotThrottled() {
        // Two failures per 1 s window, ten times: never three in one window.
        var throttle = AuthFailureThrottle(policy: policy)
        for step in 0..<10 { #expect(throttle.recordFailure(from: "192.0.2.1", at: Int64(step) * 600) == .unauthorized) }
    }

    @Test func trackedAddressesAreBoundedAndSettledOnesForgotten() {
        var throttle = AuthFailureThrottle(policy: policy)
        _ = throttle.recordFailure(from: "a", at: 0)
        _ = throttle.recordFailure(from: "b", at: 0)
        #expect(throttle.recordFailure(from: "c", at: 10) == .unauthorized)
        #expect(throttle.trackedCount == 2, "a full table tracks no new address")
        _ = throttle.recordFailure(from: "c", at: 2_000)
        #expect(throttle.trackedCount == 1, "settled addresses are forgotten to make room")
    }
}
