import AsyncHTTPClient
import Foundation
import NIOCore

/// Creates webhooks through Hookline's BigCommerce client API, as an API account of one store.
struct WebhookRegistrar {
    /// Scope the benchmark's hooks subscribe to and its events are published under.
    static let scope = "store/order/created"

    let client: HTTPClient
    /// Hookline's base URL, such as `http://127.0.0.1:8080`.
    let base: String
    let storeHash: String
    /// The API account's access token (`X-Auth-Token`).
    let accessToken: String

    /// Creates an active webhook on `scope` delivering to `destination`.
    func register(destination: String) async throws {
        var request = HTTPClientRequest(url: "\(base)/stores/\(storeHash)/v3/hooks")
        request.method = .POST
        request.headers.add(name: "X-Auth-Token", value: accessToken)
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONSerialization.data(withJSONObject: ["scope": Self.scope, "destination": destination, "is_active": true])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else {
            throw BenchFailure("creating a webhook to \(destination) answered \(response.status.code): \(answer)")
        }
    }
}
