import HooklineCore

/// How the delivery engine behaves; every number here is a documented `hookline serve` option.
public struct DeliveryConfiguration: Sendable {
    /// This node's name in leases and the attempt log.
    public var nodeID: String
    /// Most deliveries in flight at once on this node.
    public var maxInFlight: Int
    /// Most deliveries in flight at once to one destination host, so a slow host cannot take every slot.
    public var perHostConcurrency: Int
    /// Seconds to wait for a TCP (and TLS) connection.
    public var connectTimeoutSeconds: Int64
    /// Seconds for a whole attempt, from connecting to the end of the response.
    public var requestTimeoutSeconds: Int64
    /// Seconds a claimed delivery stays leased to this node; a crashed node's leases expire after this.
    public var leaseSeconds: Int64
    /// When to retry after a failure.
    public var retrySchedule: RetrySchedule
    /// Blocklist and exception notice rules.
    public var completionRules: CompletionRules
    /// Which resolved addresses deliveries may reach.
    public var destinationPolicy: DestinationPolicy
    /// Seconds in-flight deliveries get to finish at shutdown before they are released.
    public var shutdownGraceSeconds: Int64
    /// Most deliveries of one host leased in one claim, also the most waiting for its slots: more than
    /// `perHostConcurrency`, so a busy host's deliveries come in batches (few database round trips).
    public var claimQueuePerHost: Int { perHostConcurrency * 4 }
    /// Longest idle wait between looks at the queue, milliseconds (the safety net behind wake-ups).
    public var idlePollMilliseconds: Int64
    /// A PEM file of certificate authorities deliveries trust besides the system's (`--ca-file`).
    public var caFile: String?
    /// Whether each host's in-flight limit adapts to its answers (`--adaptive-concurrency`); when off,
    /// every host may have `perHostConcurrency` in flight.
    public var adaptiveConcurrency: Bool
    /// Milliseconds between two changes of a host's adaptive limit (`--adaptive-window-ms`).
    public var adaptiveWindowMilliseconds: Int64
    /// Answers faster than this many milliseconds never count as slow (`--adaptive-slow-floor-ms`).
    public var adaptiveSlowFloorMilliseconds: Int64

    /// The rule each host's in-flight limit follows, bounded by `perHostConcurrency`.
    public var adaptivePolicy: AdaptiveConcurrencyPolicy {
        AdaptiveConcurrencyPolicy(
            enabled: adaptiveConcurrency, maximum: perHostConcurrency, windowMilliseconds: adaptiveWindowMilliseconds,
            slowFloorMilliseconds: adaptiveSlowFloorMilliseconds)
    }

    /// Creates a configuration with BigCommerce's rules and Hookline's defaults.
    public init(
        nodeID: String, maxInFlight: Int = 256, perHostConcurrency: Int = 16, connectTimeoutSeconds: Int64 = 2,
        requestTimeoutSeconds: Int64 = 15, leaseSeconds: Int64 = 60, retrySchedule: RetrySchedule = .bigCommerce,
        completionRules: CompletionRules = CompletionRules(), destinationPolicy: DestinationPolicy = .bigCommerce,
        shutdownGraceSeconds: Int64 = 10, idlePollMilliseconds: Int64 = 1000, caFile: String? = nil,
        adaptiveConcurrency: Bool = true, adaptiveWindowMilliseconds: Int64 = 1000, adaptiveSlowFloorMilliseconds: Int64 = 250
    ) {
        self.nodeID = nodeID
        self.maxInFlight = maxInFlight
        self.perHostConcurrency = perHostConcurrency
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.leaseSeconds = leaseSeconds
        self.retrySchedule = retrySchedule
        self.completionRules = completionRules
        self.destinationPolicy = destinationPolicy
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.idlePollMilliseconds = idlePollMilliseconds
        self.caFile = caFile
        self.adaptiveConcurrency = adaptiveConcurrency
        self.adaptiveWindowMilliseconds = adaptiveWindowMilliseconds
        self.adaptiveSlowFloorMilliseconds = adaptiveSlowFloorMilliseconds
    }
}
