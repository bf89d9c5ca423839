import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Blocklist

    /// Judges the client's window for a host and blocks it if the rule says so; returns notices created.
    static func judge(_ db: Database, _ check: BlocklistCheck, policy: BlocklistPolicy, now: Int64) throws -> Int {
        let clientID = check.owner.clientID
        let firstSecond = AttemptWindowTally.windowStart(now: now, policy: policy)
        try db.cachedStatement(sql: "DELETE FROM attempt_windows WHERE client_id = ? AND host = ? AND second < ?")
            .execute(arguments: [clientID, check.host, firstSecond])
        let window = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(SUM(attempts), 0) AS total, COALESCE(SUM(successes), 0) AS successes FROM attempt_windows
                    WHERE client_id = ? AND host = ? AND second >= ?
                    """), arguments: [clientID, check.host, firstSecond])
        guard policy.shouldBlock(attempts: window?["total"] ?? 0, successes: window?["successes"] ?? 0) else { return 0 }
        guard try db.row(CompletionSQL.blockInForce(clientID: clientID, host: check.host, nowSeconds: now / 1000)) == nil
        else { return 0 }
        let reasons = try db.rows(
            CompletionSQL.blockReasons(clientID: clientID, host: check.host, since: policy.windowStart(now: now))
        ).map(BlockedDomain.Reason.init(row:))
        let reasonsJSON = String(decoding: try JSONEncoder().encode(BlockedDomain.ranked(reasons)), as: UTF8.self)
        try db.execute(CompletionSQL.block(check, blockedUntil: policy.blockEnd(now: now), reasonsJSON: reasonsJSON))
        return try raise(db, check.notice, now: now)
    }
}
