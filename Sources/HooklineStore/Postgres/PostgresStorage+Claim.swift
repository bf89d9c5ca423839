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
            ).map(Self.claimedDelivery)
        }
        return try await rows(
            ClaimStatement<DueByHost>(
                now: now, excludedHosts: excluded, perHostLimit: Int64(perHostLimit), limit: Int64(limit), node: node,
                leaseUntil: leaseUntil)
        ).map(Self.claimedDelivery)
    }

    /// A claimed delivery from a row of the claim's columns.
    static func claimedDelivery(_ row: PostgresRandomAccessRow) throws -> ClaimedDelivery {
        let status: String? = try row.value("status")
        let scope: String? = try row.value("scope")
        let payload: String = try row.value("payload")
        let attempts: Int = try row.value("attempts")
        return ClaimedDelivery(
            deliveryID: try row.value("id"), eventSeq: try row.value("event_seq"), eventID: try row.value("event_id"),
            hookID: try row.value("hook_id"),
            owner: HookOwner(storeHash: try row.value("store_hash"), clientID: try row.value("client_id")),
            attempt: attempts + 1, destination: try row.value("destination"), host: try row.value("host"),
            headers: try HeadersColumn.decode(row.value("headers")), hookActive: status == WebhookStatus.active.rawValue,
            isExceptionHook: scope == DeliveryExceptionCode.scope, clientSecret: try row.value("client_secret"),
            payload: Data(payload.utf8), blockedUntil: try row.value("blocked_until"))
    }

    /// When the earliest pending delivery falls due (Unix ms), if any.
    public func nextDeliveryDue() async throws -> Int64? {
        try await row(NextDueStatement())?.value("due")
    }
}
