import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Blocklist

    /// Judges the client's window for a host and blocks it if the rule says so; returns notices
    /// created. Holds an advisory lock on the client and host, so nodes judge one after the other
    /// and each sees the block (and its 90003 notice) another made.
    static func judge(_ session: PostgresSession, _ check: BlocklistCheck, policy: BlocklistPolicy, now: Int64) async throws -> Int {
        let clientID = check.owner.clientID
        try await session.lock(.destinationHost, "\(clientID)/\(check.host)")
        let firstSecond = AttemptWindowTally.windowStart(now: now, policy: policy)
        let window = try await session.row(WindowTotalsStatement(clientID: clientID, host: check.host, firstSecond: firstSecond))
        let total: Int = try window?.value("total") ?? 0
        let successes: Int = try window?.value("successes") ?? 0
        guard policy.shouldBlock(attempts: total, successes: successes) else { return 0 }
        guard try await session.row(CompletionSQL.blockInForce(clientID: clientID, host: check.host, nowSeconds: now / 1000)) == nil
        else { return 0 }
        let reasons = try await session.rows(
            CompletionSQL.blockReasons(clientID: clientID, host: check.host, since: policy.windowStart(now: now))
        ).map(BlockedDomain.Reason.init(row:))
        let reasonsJSON = String(decoding: try JSONEncoder().encode(BlockedDomain.ranked(reasons)), as: UTF8.self)
        try await session.execute(CompletionSQL.block(check, blockedUntil: policy.blockEnd(now: now), reasonsJSON: reasonsJSON))
        return try await raise(session, check.notice, now: now)
    }
}
