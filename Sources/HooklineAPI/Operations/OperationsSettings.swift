/// What the operations endpoints (`/ready`, `/metrics`) answer from; the server supplies it.
public struct OperationsSettings: Sendable {
    /// Whether this node's delivery engine runs; `nil` when the node does not deliver (`--no-delivery`).
    public var deliveryRunning: (@Sendable () -> Bool)?
    /// The metrics in Prometheus text format; `nil` when metrics are off, and `/metrics` answers 404 saying so.
    public var metricsText: (@Sendable () -> String)?
    /// Whether `/metrics` is served without the admin token (`--metrics-public`).
    public var metricsPublic: Bool

    /// Creates settings; the defaults serve no metrics and check no delivery engine.
    public init(
        deliveryRunning: (@Sendable () -> Bool)? = nil, metricsText: (@Sendable () -> String)? = nil,
        metricsPublic: Bool = false
    ) {
        self.deliveryRunning = deliveryRunning
        self.metricsText = metricsText
        self.metricsPublic = metricsPublic
    }
}
