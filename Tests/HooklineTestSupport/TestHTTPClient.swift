import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Real HTTP requests to a server on loopback, through one AsyncHTTPClient: the one client the API
/// and delivery tests talk to Hookline with. It does not follow redirects, so a test sees a 3xx
/// (the dashboard's 303s) as the server sent it.
public struct TestHTTPClient: Sendable {
    /// The client every test shares; it lives as long as the test process.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// `http://HOST:PORT`, which every path is appended to.
    public var baseURL: String

    /// A client of the server at `baseURL`.
    public init(baseURL: String) { self.baseURL = baseURL }

    /// An answer: status, headers and body text.
    public struct Answer: Sendable {
        /// The status code.
        public var status: Int
        /// The response headers.
        public var headers: HTTPHeaders
        /// The body as text.
        public var body: String
    }

    /// Sends `method` to `baseURL` + `path` and reads the whole answer (up to 16 MiB).
    public func send(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await Self.client.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: collected))
    }
}
