import HooklineCore

extension PostgresStorage {
    /// Yields at every `NOTIFY hookline_deliveries`, from any node's writes, through
    /// `listenForDeliveries(_:)` (see `DeliveryQueue.newWork()`); it listens again after a lost
    /// connection and yields then too. Holds one pooled connection while the stream is open.
    public func newWork() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let listening = Task {
            try? await listenForDeliveries { continuation.yield() }
            continuation.finish()
        }
        continuation.onTermination = { _ in listening.cancel() }
        return stream
    }
}
