import Foundation
import GRDB
import HooklineCore

extension SQLiteStorage {
    // MARK: Client views

    public func eventsHistory(owner: HookOwner, createdFrom: Int64?, createdTo: Int64?, page: PageRequest) async throws
        -> Page<String>
    {
        try await pool.read { db in
            let total =
                try db.row(ClientViewSQL.historyCount(owner: owner, createdFrom: createdFrom, createdTo: createdTo))?.int("total") ?? 0
            let payloads = try db.rows(
                ClientViewSQL.history(owner: owner, createdFrom: createdFrom, createdTo: createdTo, page: page)
            ).map { try $0.text("payload") }
            return Page(items: payloads, total: total, request: page)
        }
    }

    public func blockedDomains(owner: HookOwner, now: Int64) async throws -> [BlockedDomain] {
        try await pool.read { db in
            try db.rows(ClientViewSQL.blockedDomains(owner: owner, nowSeconds: now / 1000)).map(BlockedDomain.init(row:))
        }
    }
}
