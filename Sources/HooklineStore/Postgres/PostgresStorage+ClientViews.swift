import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Client views

    /// The owner's undeliverable events kept for history, as callback payloads, oldest first.
    public func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    {
        let from = createdFrom ?? Int64.min
        let to = createdTo ?? Int64.max
        return try await readTransaction { session in
            let total: Int =
                try await session.row(
                    """
                    SELECT COUNT(*) AS total FROM events e
                    WHERE e.seq IN (SELECT event_seq FROM event_history
                                    WHERE store_hash = \(owner.storeHash) AND client_id = \(owner.clientID))
                      AND e.created_at >= \(from) AND e.created_at <= \(to)
                    """)?.value("total") ?? 0
            let payloads = try await session.rows(
                """
                SELECT e.payload FROM events e
                WHERE e.seq IN (SELECT event_seq FROM event_history
                                WHERE store_hash = \(owner.storeHash) AND client_id = \(owner.clientID))
                  AND e.created_at >= \(from) AND e.created_at <= \(to)
                ORDER BY e.seq LIMIT \(page.limit) OFFSET \(page.offset)
                """
            ).map { try $0.value("payload", as: String.self) }
            return Page(items: payloads, total: total, request: page)
        }
    }

    /// The owner's destination hosts blocked at `now` (Unix ms).
    public func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain] {
        try await rows(
            """
            SELECT host, destination, blocked_until, reasons FROM blocked_domains
            WHERE store_hash = \(owner.storeHash) AND client_id = \(owner.clientID) AND blocked_until > \(now / 1000)
            ORDER BY host
            """
        ).map { row in
            let reasons = try JSONDecoder().decode(
                [BlockedDomain.Reason].self, from: Data(try row.value("reasons", as: String.self).utf8))
            return BlockedDomain(
                host: try row.value("host"), destination: try row.value("destination"),
                blockedUntil: try row.value("blocked_until"), reasons: reasons)
        }
    }
}
