import HooklineCore
import PostgresNIO

extension PostgresStorage {
    public func queueSnapshot(now: Int64) async throws -> QueueSnapshot {
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(now / 1000)
        let row = try await row(PostgresQuery(unsafeSQL: QueueStatusSQL.snapshot { "$\($0)" }, binds: binds))
        guard let row else { return QueueSnapshot(pending: 0, due: 0, leased: 0, blockedDomains: 0) }
        return QueueSnapshot(
            pending: Int(try row.value("pending", as: Int64.self)), due: Int(try row.value("due", as: Int64.self)),
            leased: Int(try row.value("leased", as: Int64.self)), blockedDomains: Int(try row.value("blocked", as: Int64.self)))
    }

    public func attemptTally(since: Int64) async throws -> AttemptTally {
        var binds = PostgresBindings()
        binds.append(since)
        let row = try await row(PostgresQuery(unsafeSQL: QueueStatusSQL.tally { "$\($0)" }, binds: binds))
        guard let row else { return AttemptTally(attempts: 0, failures: 0) }
        return AttemptTally(
            attempts: Int(try row.value("attempts", as: Int64.self)), failures: Int(try row.value("failures", as: Int64.self)))
    }
}
