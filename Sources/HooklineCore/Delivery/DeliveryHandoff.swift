/// A delivery engine that takes deliveries straight from the publishes of its own node.
///
/// A publish asks for a reservation, passes it to the store, and hands back whatever the store
/// leased under it; it must hand back every reservation it got, also when the publish failed, so
/// the engine gets the room back.
public protocol DeliveryHandoff: Sendable {
    /// Reserves room for the deliveries a publish of `eventCount` events is about to create; `nil`
    /// when the engine has none (busy, or stopping): the publish then leaves its deliveries for the
    /// engine to claim.
    func reserve(forEvents eventCount: Int) -> PublishLease?

    /// Takes the deliveries the store leased under `lease` (none if the publish failed) and gives
    /// back the rest of the reservation. `pendingHosts` are the destination hosts of the deliveries
    /// the publish created but did not lease: the engine claims those, at once or, for hosts the
    /// lease excluded, once it has room for them again.
    func take(_ deliveries: [ClaimedDelivery], leasedUnder lease: PublishLease, pendingHosts: Set<String>)
}
