import HooklineCore
import NIOCore

/// How the delivery transport connects and how long it waits.
public struct TransportConfiguration: Sendable {
    /// Longest wait for a TCP connection to one address.
    public var connectTimeout: TimeAmount
    /// Longest a whole attempt may take: resolving, connecting, TLS, the request and the answer.
    public var requestTimeout: TimeAmount
    /// Most idle keep-alive connections kept per scheme, host and port (the per-host concurrency).
    public var maxIdlePerHost: Int
    /// How long an unused keep-alive connection stays open.
    public var idleTimeout: TimeAmount
    /// The most bytes of an answer's body read; an answer with more is cut off and its connection closed.
    public var excerptLimit: Int
    /// Which addresses the transport may connect to.
    public var destinationPolicy: DestinationPolicy
    /// Seconds a resolved (and vetted) answer is reused, at most 30.
    public var resolverCacheSeconds: Int64
    /// A PEM file of certificate authorities trusted besides the system's (`--ca-file`).
    public var additionalTrustRootsFile: String?

    /// Creates a configuration.
    public init(
        connectTimeout: TimeAmount = .seconds(2), requestTimeout: TimeAmount = .seconds(15), maxIdlePerHost: Int = 16,
        idleTimeout: TimeAmount = .seconds(20), excerptLimit: Int = AttemptResult.excerptLimit,
        destinationPolicy: DestinationPolicy = .bigCommerce, resolverCacheSeconds: Int64 = 30,
        additionalTrustRootsFile: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxIdlePerHost = maxIdlePerHost
        self.idleTimeout = idleTimeout
        self.excerptLimit = excerptLimit
        self.destinationPolicy = destinationPolicy
        self.resolverCacheSeconds = resolverCacheSeconds
        self.additionalTrustRootsFile = additionalTrustRootsFile
    }
}
