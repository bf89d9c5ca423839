import Foundation
import HooklineCore
import PostgresNIO

extension PostgresStorage {
    // MARK: Claiming

    /// Leases up to `limit` due deliveries for `node` until `leaseUntil` (Unix ms), at most
    /// `perHostLimit` per host and none for `excludingHosts`, in one statement; rows another node is
    /// claiming are skipped (`FOR UPDATE SKIP LOCKED`), so no delivery is leased twice.
    /// Deliveries of webhooks whose settings gate claims are claimed first (`claimLimited`), apart.
    public func claimDeliveries(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        guard limit > 0, perHostLimit > 0 else { return [] }
        let limited = try await claimLimited(
            node: node, now: now, leaseUntil: leaseUntil, limit: limit, perHostLimit: perHostLimit,
            excludingHosts: excludingHosts)
        guard limited.count < limit else { return limited }
        return try await limited + claimFree(
            node: node, now: now, leaseUntil: leaseUntil, limit: limit - limited.count, perHostLimit: perHostLimit,
            excludingHosts: excludingHosts)
    }

    /// Leases the due deliveries of webhooks whose settings gate claims, as `HookClaimGate` decides,
    /// at most `limit`. Listing those webhooks is one index probe when there are none; otherwise one
    /// transaction takes their advisory locks (skipping a webhook another node is claiming), then reads
    /// what each has in flight and its earliest pending delivery, and leases, so two nodes never both
    /// count the same room. Those two reads are one statement each for all the webhooks (a FIFO
    /// webhook needs nothing more); a `max_in_flight` or inactive one reads its due deliveries apart.
    func claimLimited(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
        let hooks = try await rows(LimitedHooksStatement())
        guard !hooks.isEmpty else { return [] }
        return try await transaction { session in
            let listed = try hooks.map { try $0.integer("hook_id") }
            let locked = try await session.rows(LockLimitedHooksStatement(hookIDs: listed)).map { try $0.integer("hook_id") }
            guard !locked.isEmpty else { return [] }
            var states: [Int64: (inFlight: Int, head: HookClaimGate.Candidate?)] = [:]
            for row in try await session.rows(LimitedHookStatesStatement(hookIDs: locked, now: now)) {
                let head = try row.optionalInteger("id").map { _ in try HookClaimGate.Candidate(row: row) }
                states[try row.integer("hook_id")] = (try row.int("in_flight"), head)
            }
            var chosen: [Int64] = []
            for hook in hooks where chosen.count < limit {
                let hookID = try hook.integer("hook_id")
                guard let state = states[hookID] else { continue }
                let gate = try HookClaimGate(row: hook, inFlight: state.inFlight)
                let room = limit - chosen.count
                let readLimit = gate.candidateLimit(room: room, perHostLimit: perHostLimit)
                guard readLimit > 0 else { continue }
                let candidates =
                    gate.readsHeadOnly
                    ? state.head.map { [$0] } ?? []
                    : try await session.rows(
                        LimitedClaimSQL.candidates(hookID: hookID, headOnly: false, now: now, limit: readLimit)
                    ).map(HookClaimGate.Candidate.init(row:))
                chosen += gate.chosen(
                    from: candidates, now: now, room: room, perHostLimit: perHostLimit, excludingHosts: excludingHosts
                ).map(\.id)
            }
            guard !chosen.isEmpty else { return [] }
            let ids = try await session.rows(
                LimitedClaimSQL.lease(ids: chosen, node: node, leaseUntil: leaseUntil, dialect: .postgres)
            ).map { try $0.integer("id") }
            guard !ids.isEmpty else { return [] }
            return try await session.rows(ClaimedDeliverySQL.leased(ids: ids, nowSeconds: now / 1000, dialect: .postgres))
                .map(ClaimedDelivery.init(row:))
        }
    }

    /// Leases due deliveries of the other webhooks, in one statement.
    func claimFree(
        node: String, now: Int64, leaseUntil: Int64, limit: Int, perHostLimit: Int, excludingHosts: Set<String>
    ) async throws -> [ClaimedDelivery] {
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
