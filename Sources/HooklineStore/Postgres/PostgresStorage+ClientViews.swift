import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Client views

    /// The owner's undeliverable events kept for history, as callback payloads, oldest first
    /// (count and page read from one snapshot).
    public func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    {
        try await readTransaction { session in
            let total =
                try await session.row(ClientViewSQL.historyCount(owner: owner, createdFrom: createdFrom, createdTo: createdTo))?
                .int("total") ?? 0
            let payloads = try await session.rows(
                ClientViewSQL.history(owner: owner, createdFrom: createdFrom, createdTo: createdTo, page: page)
            ).map { try $0.text("payload") }
            return Page(items: payloads, total: total, request: page)
        }
    }

    /// The owner's destination hosts blocked at `now` (Unix ms).
    public func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain] {
        try await rows(ClientViewSQL.blockedDomains(owner: owner, nowSeconds: now / 1000)).map(BlockedDomain.init(row:))
    }
}
