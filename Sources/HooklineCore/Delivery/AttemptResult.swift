/// What one delivery attempt came to, as observed by the sender.
public struct AttemptResult: Sendable, Equatable {
    /// HTTP status, if a response arrived.
    public var statusCode: Int?
    /// Why no acceptable response arrived, if so.
    public var errorClass: AttemptErrorClass?
    /// Details for the delivery log.
    public var errorMessage: String?
    /// Seconds the destination asked to wait (`Retry-After` on 429/503).
    public var retryAfterSeconds: Int64?
    /// The first bytes of the response body, for the delivery log.
    public var responseExcerpt: String?
    /// When the attempt started, Unix milliseconds.
    public var startedAtMilliseconds: Int64
    /// How long it took, milliseconds.
    public var durationMilliseconds: Int64
    /// The destination host's in-flight limit when the attempt started (adaptive, see
    /// `AdaptiveConcurrency`); `nil` when no request was started (a blocked domain) or not recorded.
    public var concurrencyLimit: Int?

    /// Creates a result.
    public init(
        statusCode: Int? = nil, errorClass: AttemptErrorClass? = nil, errorMessage: String? = nil,
        retryAfterSeconds: Int64? = nil, responseExcerpt: String? = nil, startedAtMilliseconds: Int64,
        durationMilliseconds: Int64, concurrencyLimit: Int? = nil
    ) {
        self.statusCode = statusCode
        self.errorClass = errorClass
        self.errorMessage = errorMessage
        self.retryAfterSeconds = retryAfterSeconds
        self.responseExcerpt = responseExcerpt
        self.startedAtMilliseconds = startedAtMilliseconds
        self.durationMilliseconds = durationMilliseconds
        self.concurrencyLimit = concurrencyLimit
    }

    /// Whether the destination accepted the delivery (any 2xx).
    public var succeeded: Bool { errorClass == nil && (statusCode.map { (200..<300).contains($0) } ?? false) }

    /// The most bytes of a response body kept in the delivery log.
    public static let excerptLimit = 1024
}

/// Why an attempt failed, coarsely: what the delivery log and metrics group by.
public enum AttemptErrorClass: String, Sendable, Codable, CaseIterable {
    /// The destination answered with a non-2xx status (3xx included: redirects are not followed).
    case httpStatus = "http_status"
    /// No connection could be made (refused, unreachable).
    case connection
    /// The host name did not resolve.
    case dns
    /// The TLS handshake failed (certificate, protocol).
    case tls
    /// No complete answer within the timeout.
    case timeout
    /// The destination resolved to an address the destination policy forbids.
    case forbiddenAddress = "forbidden_address"
    /// The destination's domain was on the blocklist; nothing was sent.
    case domainBlocked = "domain_blocked"
    /// Anything else.
    case other
}
