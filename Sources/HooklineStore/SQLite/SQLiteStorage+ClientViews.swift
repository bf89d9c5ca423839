import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Client views

    public func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    {
        try await pool.read { db in
            let filter = """
                FROM events e WHERE e.seq IN (SELECT event_seq FROM event_history WHERE store_hash = ? AND client_id = ?)
                AND e.created_at >= ? AND e.created_at <= ?
                """
            let arguments: StatementArguments = [
                owner.storeHash, owner.clientID, createdFrom ?? Int64.min, createdTo ?? Int64.max,
            ]
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(filter)", arguments: arguments) ?? 0
            let payloads = try String.fetchAll(
                db, sql: "SELECT e.payload \(filter) ORDER BY e.seq LIMIT ? OFFSET ?",
                arguments: arguments + [page.limit, page.offset])
            return Page(items: payloads, total: total, request: page)
        }
    }

    public func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT host, destination, blocked_until, reasons FROM blocked_domains
                    WHERE store_hash = ? AND client_id = ? AND blocked_until > ? ORDER BY host
                    """, arguments: [owner.storeHash, owner.clientID, now / 1000]
            ).map { row in
                let reasons = try JSONDecoder().decode([BlockedDomain.Reason].self, from: Data((row["reasons"] as String).utf8))
                return BlockedDomain(host: row["host"], destination: row["destination"], blockedUntil: row["blocked_until"], reasons: reasons)
            }
        }
    }
}
