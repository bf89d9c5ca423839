import Synchronization

/// The `DeliveryQueue.newWork()` streams of a store whose writes all happen in this process: each
/// `announce()` reaches every stream open at that moment.
final class NewWorkBroadcast: Sendable {
    private struct State {
        var nextID = 0
        var listeners: [Int: AsyncStream<Void>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// A new stream, which yields once at once (work may be due already), then at every `announce()`.
    func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            state.listeners[state.nextID] = continuation
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        continuation.yield()
        return stream
    }

    /// Tells every open stream that deliveries may have become due.
    func announce() {
        for listener in state.withLock({ Array($0.listeners.values) }) { listener.yield() }
    }
}
