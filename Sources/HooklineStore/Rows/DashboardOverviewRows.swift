import HooklineCore

extension DashboardOverview {
    /// The overview from `DashboardSQL`'s rows: the minutes, the queue's row and the blocked count's row.
    init(minutes: [some SQLRow], queue: (some SQLRow)?, blocked: (some SQLRow)?) throws {
        self.init(
            minutes: try minutes.map { row in
                let ok = try row.int("ok")
                return Minute(minute: try row.integer("minute"), succeeded: ok, failed: try row.int("total") - ok)
            },
            queued: try queue?.int("queued") ?? 0, inFlight: try queue?.int("in_flight") ?? 0,
            blockedDomains: try blocked?.int("blocked") ?? 0)
    }
}
