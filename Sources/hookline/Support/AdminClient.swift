import AsyncHTTPClient
import ArgumentParser
import Foundation
import HooklineCore
import NIOCore
import NIOHTTP1

/// Options every command that talks to a running server's admin API shares.
struct AdminConnectionOptions: ParsableArguments {
    @Option(help: "Base URL of a running Hookline server. (HOOKLINE_SERVER)")
    var server: String = EnvironmentVariables.string("HOOKLINE_SERVER") ?? "http://127.0.0.1:8080"

    @Option(help: "Operator admin token. (HOOKLINE_ADMIN_TOKEN)")
    var adminToken: String?

    @Flag(help: "Print the server's JSON answer instead of a table.")
    var json = false

    func client() throws -> AdminClient {
        guard let adminToken = adminToken ?? EnvironmentVariables.string("HOOKLINE_ADMIN_TOKEN") else {
            throw ValidationError("the admin token is required: pass --admin-token or set HOOKLINE_ADMIN_TOKEN")
        }
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        return AdminClient(baseURL: base, adminToken: adminToken)
    }
}

/// A small client for `/admin/v1` (or, with an access token, the client API), used by the CLI.
struct AdminClient {
    let baseURL: String
    /// The header that authenticates: `Authorization: Bearer <admin token>`, or `X-Auth-Token` for the client API.
    let credential: (name: String, value: String)
    /// What every path is under: `/admin/v1`, or a store's `/stores/{store_hash}/v3`.
    let pathPrefix: String

    /// A client of the admin API.
    init(baseURL: String, adminToken: String) {
        self.baseURL = baseURL
        credential = ("Authorization", "Bearer \(adminToken)")
        pathPrefix = "/admin/v1"
    }

    /// A client of a store's BigCommerce client API, as an API account.
    init(baseURL: String, storeHash: String, accessToken: String) {
        self.baseURL = baseURL
        credential = ("X-Auth-Token", accessToken)
        pathPrefix = "/stores/\(storeHash)/v3"
    }

    /// Sends a request and returns the decoded `data` of a 2xx answer (`.null` for 204).
    ///
    /// A non-2xx answer becomes a `CommandFailure` carrying the server's error title and field errors.
    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws -> (raw: String, data: JSONValue) {
        var request = HTTPClientRequest(url: baseURL + pathPrefix + path)
        request.method = method
        request.headers.add(name: credential.name, value: credential.value)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        }
        // A refused connection should fail at once, not be retried until the deadline.
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(30)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { client.shutdown { _ in } }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .seconds(30))
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw CommandFailure("cannot reach the Hookline server at \(baseURL): \(error)")
        }
        let raw = String(buffer: bytes)
        let value = raw.isEmpty ? JSONValue.null : ((try? JSONValue.parse(Array(raw.utf8))) ?? .string(raw))
        guard (200..<300).contains(response.status.code) else {
            throw CommandFailure(Self.describeError(status: response.status, value: value))
        }
        if case .object(let object) = value, let data = object["data"] { return (raw, data) }
        return (raw, value)
    }

    private static func describeError(status: HTTPResponseStatus, value: JSONValue) -> String {
        guard case .object(let object) = value else { return "server answered \(status.code)" }
        var message = "server answered \(status.code)"
        if case .string(let title)? = object["title"] { message += ": \(title)" }
        if case .object(let errors)? = object["errors"] {
            for (field, detail) in errors.sorted(by: { $0.key < $1.key }) {
                if case .string(let text) = detail { message += "\n  \(field): \(text)" }
            }
        }
        return message
    }
}
