import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A well-behaved HTTP client for the edge tests (TLS, timeouts, the admin listener): one AsyncHTTPClient per call, so every request
/// opens its own connection (and, over HTTPS, makes its own handshake).
public enum EdgeHTTPClient {
    /// A GET (or `method`) to `url`; `trusting` is the CA file an HTTPS server's certificate must
    /// chain to, `newestTLS` the newest TLS version the client offers.
    public static func send(
        _ url: String, method: HTTPMethod = .GET, adminToken: String? = nil, token: String? = nil,
        headers: [(String, String)] = [], body: String? = nil, trusting caFile: String? = nil,
        newestTLS: TLSVersion? = nil, timeout: TimeAmount = .seconds(30)
    ) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var configuration = HTTPClient.Configuration()
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            tls.minimumTLSVersion = .tlsv1
            tls.maximumTLSVersion = newestTLS
            configuration.tlsConfiguration = tls
        }
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let adminToken { request.headers.add(name: "Authorization", value: "Bearer \(adminToken)") }
            if let token { request.headers.add(name: "X-Auth-Token", value: token) }
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await client.execute(request, timeout: timeout)
            let answer = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return (Int(response.status.code), String(buffer: answer), response.headers)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
