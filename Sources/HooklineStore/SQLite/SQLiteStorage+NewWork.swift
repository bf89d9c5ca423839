import HooklineCore

extension SQLiteStorage {
    /// Yields when this process's writes made deliveries due that no engine was handed: publishes
    /// that leased nothing, retries and replays (see `DeliveryQueue.newWork()`). SQLite serves one
    /// node, so its own writes are all there is to hear of.
    public func newWork() -> AsyncStream<Void> {
        newWorkBroadcast.stream()
    }
}
