import HooklineCore
import HooklineStore

/// Whether this node can do its work: the rule behind `/ready`.
///
/// Ready when the database answers a read of the delivery queue within `databaseTimeout` (so the
/// schema's migrations are applied: `hookline serve` runs them before it listens) and, on a node that
/// delivers, the delivery engine runs. Otherwise the reasons say what is wrong.
struct Readiness: Sendable {
    let storage: any QueueStatusReading
    let deliveryRunning: (@Sendable () -> Bool)?
    /// How long the database may take to answer before the node counts as not ready: a pool that
    /// cannot connect waits for a connection instead of failing.
    let databaseTimeout: Duration

    /// The database timeout `/ready` uses.
    static let defaultDatabaseTimeout = Duration.seconds(2)

    init(storage: any QueueStatusReading, deliveryRunning: (@Sendable () -> Bool)?, databaseTimeout: Duration = Self.defaultDatabaseTimeout) {
        self.storage = storage
        self.deliveryRunning = deliveryRunning
        self.databaseTimeout = databaseTimeout
    }

    /// Why the database probe gave up.
    struct TimedOut: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "no answer within \(timeout)" }
    }

    /// The reasons this node is not ready at `now` (Unix ms); empty when it is.
    func problems(now: Int64) async -> [String] {
        var problems: [String] = []
        let storage = self.storage
        let timeout = databaseTimeout
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await storage.queueSnapshot(now: now) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw TimedOut(timeout: timeout)
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            problems.append("the database does not answer: \(error)")
        }
        if let deliveryRunning, !deliveryRunning() {
            problems.append("the delivery engine is not running")
        }
        return problems
    }
}
