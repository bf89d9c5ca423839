import NIOCore
import NIOHTTP1

/// One POST the transport sends: where to, its headers and its body.
public struct TransportRequest: Sendable {
    /// `http` or `https`.
    public var scheme: String
    /// The URL's host: the name resolved, sent as `Host` and as TLS server name.
    public var host: String
    /// The port to connect to.
    public var port: Int
    /// Path and query, as sent on the request line.
    public var target: String
    /// Headers besides `Host`, `Content-Length` and `Connection`, which the transport sets.
    public var headers: HTTPHeaders
    /// The body.
    public var body: ByteBuffer

    /// Creates a request from its parts.
    public init(scheme: String, host: String, port: Int, target: String, headers: HTTPHeaders = [:], body: ByteBuffer) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// Creates a request for an absolute `http` or `https` URL; `nil` if it is not one.
    public init?(url: String, headers: HTTPHeaders = [:], body: ByteBuffer) {
        guard let parsed = TransportTarget(url: url) else { return nil }
        self.init(target: parsed, headers: headers, body: body)
    }

    /// Creates a request for a parsed URL.
    init(target parsed: TransportTarget, headers: HTTPHeaders, body: ByteBuffer) {
        self.init(
            scheme: parsed.scheme, host: parsed.host, port: parsed.port, target: parsed.target, headers: headers, body: body)
    }

    /// The pool a request's connection comes from.
    var poolKey: PoolKey { PoolKey(scheme: scheme, host: host, port: port) }
}

/// Connections are pooled per scheme, host and port.
struct PoolKey: Hashable, Sendable {
    var scheme: String
    var host: String
    var port: Int
}
