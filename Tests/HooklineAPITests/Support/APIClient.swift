import Foundation
import HooklineCore
import HooklineTestSupport
import HTTPTypes
import NIOHTTP1
import Synchronization
import Testing

/// Sends real HTTP requests to a test server and records every exchange for the spec-conformance check.
struct APIClient: Sendable {
    let http: TestHTTPClient

    /// Sends a request. `token` goes in `X-Auth-Token`; `admin` adds the operator's bearer token.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, admin: Bool = false, body: String? = nil,
        headers extraHeaders: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extraHeaders
        headers[.accept] = "application/json"
        if let token { headers[HTTPField.Name("X-Auth-Token")!] = token }
        if admin { headers[.authorization] = "Bearer \(TestHookline.adminToken)" }
        if body != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let answer = try await http.send(
            HTTPMethod(rawValue: method.rawValue), path,
            headers: HTTPHeaders(headers.map { ($0.name.rawName, $0.value) }), body: body)
        var fields = HTTPFields()
        for (name, value) in answer.headers { if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) } }
        let result = APIResponse(status: answer.status, headers: fields, text: answer.body)
        ConformanceLog.record(method: method.rawValue, path: path, response: result)
        return result
    }

    /// Creates a store and an account through the admin API.
    func makeTenant(storeHash: String? = nil, name: String = "test") async throws -> Tenant {
        let hash = storeHash ?? "s" + Credentials.randomString(length: 9)
        let store = try await send(.post, "/admin/v1/stores", admin: true, body: #"{"store_hash": "\#(hash)"}"#)
        try #require(store.status == 201, "store creation answered \(store.status): \(store.text)")
        return try await makeAccount(in: hash, storeID: store.json["data"]["store_id"].int ?? 0, name: name)
    }

    /// Creates another account in an existing store.
    func makeAccount(in storeHash: String, storeID: Int64 = 0, name: String = "second") async throws -> Tenant {
        let account = try await send(.post, "/admin/v1/stores/\(storeHash)/accounts", admin: true, body: #"{"name": "\#(name)"}"#)
        try #require(account.status == 201, "account creation answered \(account.status): \(account.text)")
        let data = account.json["data"]
        return Tenant(
            storeHash: storeHash, storeID: storeID, clientID: try #require(data["client_id"].string),
            clientSecret: try #require(data["client_secret"].string), token: try #require(data["access_token"].string))
    }

    /// Creates a webhook and returns its id; fails the test unless the answer is 200.
    func createHook(
        _ tenant: Tenant, scope: String = "store/order/created", destination: String = "https://example.com/hooks",
        extra: String = ""
    ) async throws -> Int64 {
        let response = try await send(
            .post, tenant.path("/hooks"), token: tenant.token,
            body: #"{"scope": "\#(scope)", "destination": "\#(destination)"\#(extra)}"#)
        try #require(response.status == 200, "create answered \(response.status): \(response.text)")
        return try #require(response.json["data"]["id"].int)
    }
}

/// An answer: status, headers, body text and the body parsed as JSON.
struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPFields
    var text: String

    /// The body as JSON (`.null` when empty or not JSON).
    var json: JSONValue { (try? JSONValue.parse(Array(text.utf8))) ?? .null }

    /// A header's value.
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}

/// Appends each exchange to the JSONL file named by `HOOKLINE_CONFORMANCE_LOG`, when set, so that CI
/// can check every response the tests saw against BigCommerce's OpenAPI spec.
enum ConformanceLog {
    private static let lock = Mutex(())
    private static let path = ProcessInfo.processInfo.environment["HOOKLINE_CONFORMANCE_LOG"]

    static func record(method: String, path requestPath: String, response: APIResponse) {
        guard let path else { return }
        let entry: [String: JSONValue] = [
            "method": .string(method), "path": .string(requestPath), "status": .number(Double(response.status)),
            "body": .string(response.text),
        ]
        guard var line = try? JSONEncoder().encode(entry) else { return }
        line.append(0x0A)
        lock.withLock { _ in
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: line)
        }
    }
}

/// Navigation of JSON values in assertions: `response.json["data"][0]["id"].int`.
extension JSONValue {
    subscript(key: String) -> JSONValue {
        if case .object(let object) = self { return object[key] ?? .null }
        return .null
    }

    subscript(index: Int) -> JSONValue {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return .null
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var int: Int64? { if case .number(let value) = self, value.rounded() == value { Int64(value) } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var isNull: Bool { self == .null }
}
