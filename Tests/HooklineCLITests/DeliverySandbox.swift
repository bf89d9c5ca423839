import Foundation
import HooklineTestSupport
import NIOCore
import Testing

/// A running `hookline serve` that may deliver to loopback, with one store and one API account,
/// and the helpers the delivery CLI tests share.
struct DeliverySandbox {
    static let adminToken = "cli-admin-token-0123456789"

    let server: HooklineProcess
    let base: String
    let storeHash: String
    let clientSecret: String
    let accessToken: String

    /// The `serve` options of every sandbox: loopback destinations, one retry a minute later (so no
    /// retry lands during a test).
    static let serveOptions = ["--allow-insecure-destinations", "--allow-private-destinations", "--retry-schedule", "60"]

    /// Starts a server (`serveOptions` plus `extra`, on `database`) and creates a store and an API
    /// account through the CLI.
    static func start(
        storeHash: String, extra: [String] = [], database: String = ServeAndCLITests.temporaryDatabase()
    ) async throws -> DeliverySandbox {
        let (server, base) = try await ServeAndCLITests.startServer(serveOptions + extra, database: database, adminToken: adminToken)
        let connection = ["--server", base, "--admin-token", adminToken]
        let store = try await HooklineProcess.run(["stores", "create", "--store-hash", storeHash] + connection)
        try #require(store.status == 0, "\(store.output)")
        let account = try await HooklineProcess.run(["accounts", "create", "--store", storeHash, "--json"] + connection)
        try #require(account.status == 0, "\(account.output)")
        let data = try #require(try jsonObject(account.output)["data"] as? [String: Any])
        return DeliverySandbox(
            server: server, base: base, storeHash: storeHash,
            clientSecret: try #require(data["client_secret"] as? String),
            accessToken: try #require(data["access_token"] as? String))
    }

    /// Runs a CLI command against this server (`--server` and `--admin-token` appended).
    func cli(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await HooklineProcess.run(arguments + ["--server", base, "--admin-token", Self.adminToken])
    }

    /// Runs a CLI command with `--json` and returns the answer's `data`, requiring success.
    func cliData(_ arguments: [String]) async throws -> Any? {
        let result = try await cli(arguments + ["--json"])
        try #require(result.status == 0, "\(arguments): \(result.output)")
        return try Self.jsonObject(result.output)["data"]
    }

    /// Creates a webhook through the client API, as the store's API account; returns its id.
    func createHook(scope: String, destination: String) async throws -> Int {
        let body = try JSONSerialization.data(withJSONObject: ["scope": scope, "destination": destination, "is_active": true])
        let answer = try await TestHTTPClient(baseURL: base).send(
            .POST, "/stores/\(storeHash)/v3/hooks",
            headers: ["X-Auth-Token": accessToken, "Content-Type": "application/json"],
            body: String(decoding: body, as: UTF8.self), timeout: .seconds(10))
        try #require(answer.status == 200, "creating the webhook: \(answer.body)")
        let data = try #require(try Self.jsonObject(answer.body)["data"] as? [String: Any])
        return try #require(data["id"] as? Int)
    }

    /// Stops the server with SIGTERM and requires a clean exit.
    func stop() async throws {
        server.signal(SIGTERM)
        let exit = try await server.waitForExit()
        #expect(exit.status == 0, "\(exit.output)")
    }

    /// Starts `hookline listen --port 0` with `arguments` and returns it with the port it printed.
    static func startListener(_ arguments: [String]) async throws -> (HooklineProcess, port: Int) {
        let listener = try await HooklineProcess(["listen", "--port", "0"] + arguments)
        let output = try await listener.waitForOutput { $0.contains("Listening on http://127.0.0.1:") }
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Listening on http://127.0.0.1:") })
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        #expect(port > 0, "the real port is printed, not 0")
        return (listener, port)
    }

    /// A CLI's `--json` output as an object.
    static func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }
}

/// How many times `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
