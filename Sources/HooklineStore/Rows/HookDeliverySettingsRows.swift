import HooklineCore

extension HookDeliverySettings {
    /// Settings from a webhook's columns (`HookSQL.settingsColumns`), as they are stored: an ordering
    /// the store does not know (or a webhook gone: NULL) reads as `any`.
    init(stored ordering: String?, maxPerSecond: Int64?, maxInFlight: Int64?) {
        self.init(
            ordering: ordering.flatMap(Ordering.init(rawValue:)) ?? .any, maxPerSecond: maxPerSecond.map { Int($0) },
            maxInFlight: maxInFlight.map { Int($0) })
    }

    /// Settings from a row holding `HookSQL.settingsColumns`.
    init(row: some SQLRow) throws {
        self.init(
            stored: try row.optionalText("ordering"), maxPerSecond: try row.optionalInteger("max_per_second"),
            maxInFlight: try row.optionalInteger("max_in_flight"))
    }
}
