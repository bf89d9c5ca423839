import NIOHTTP1

/// What a receiver answered: the parts the retry rules and the delivery log use.
public struct TransportResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The first bytes of the body, at most the excerpt limit; the rest is never read.
    public var excerpt: [UInt8]
}
