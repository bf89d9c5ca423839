import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Real HTTP requests to a server on loopback, through AsyncHTTPClient's shared client: the one
/// client the API and delivery tests talk to Hookline with.
public struct TestHTTPClient: Sendable {
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
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: collected))
    }
}
