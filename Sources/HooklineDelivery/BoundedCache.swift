import Synchronization

/// Values worked out once per key and remembered, for work a node would otherwise redo on every
/// attempt (an account's HMAC key setup, a destination URL's parse). Bounded: when full it starts
/// over, which costs one more computation per key.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The value remembered for `key`, or `make(key)`, remembered from now on.
    func value(for key: Key, orMake make: (Key) -> Value) -> Value {
        if let value = entries.withLock({ $0[key] }) { return value }
        let value = make(key)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }
}
