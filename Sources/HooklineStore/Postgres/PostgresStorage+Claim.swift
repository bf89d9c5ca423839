import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Claiming

    /// Leases up to `limit` due deliveries for `node` until `leaseUntil` (Unix ms), at most
    /// `perHostLimit` per host and none for `excludingHosts`, in one statement; rows another node is
    /// claiming are skipped (`FOR UPDATE SKIP LOCKED`), so no delivery is leased twice.
    public func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        guard limit > 0, perHostLimit > 0 else { return [] }
        let excluded = Array(excludingHosts)
        if excluded.isEmpty {
            return try await rows(
                ClaimStatement<DueInTimeOrder>(
                    now: now, excludedHosts: excluded, perHostLimit: Int64(perHostLimit), limit: Int64(limit), node: node,
                    leaseUntil: leaseUntil)
            ).map(ClaimedDelivery.init(row:))
        }
        return try await rows(
            ClaimStatement<DueByHost>(
                now: now, excludedHosts: excluded, perHostLimit: Int64(perHostLimit), limit: Int64(limit), node: node,
                leaseUntil: leaseUntil)
        ).map(ClaimedDelivery.init(row:))
    }

    /// When the earliest pending delivery falls due (Unix ms), if any.
    public func nextDeliveryDue() async throws -> Int64? {
        try await row(NextDueStatement())?.value("due")
    }
}

extension PostgresRandomAccessRow: ClaimedDeliveryRow {
    func integer(_ column: ClaimedDeliverySQL.Column) throws -> Int64? { try value(column.name, as: Int64?.self) }
    func text(_ column: ClaimedDeliverySQL.Column) throws -> String? { try value(column.name, as: String?.self) }
}
