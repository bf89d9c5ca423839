import Synchronization
import Testing

@testable import HooklineDelivery

/// The sender's bounded caches: a value is worked out once per key, and a full cache starts over.
@Suite struct BoundedCacheTests {
    @Test func aValueIsMadeOncePerKeyUntilTheCacheFillsAndStartsOver() {
        let cache = BoundedCache<String, Int?>(capacity: 2)
        let made = Mutex(0)
        func value(_ key: String) -> Int? {
            cache.value(for: key) { key in
                made.withLock { $0 += 1 }
                return Int(key)
            }
        }
        #expect(value("1") == 1 && value("1") == 1 && value("x") == nil && value("x") == nil)
        #expect(made.withLock { $0 } == 2, "each key, a nil value included, is worked out once")
        #expect(value("3") == 3)
        #expect(made.withLock { $0 } == 3)
        #expect(value("1") == 1)
        #expect(made.withLock { $0 } == 4, "the full cache started over, so 1 was worked out again")
    }
}
