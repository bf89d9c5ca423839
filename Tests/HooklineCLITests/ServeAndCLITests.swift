import Foundation
import HooklineTestSupport
import Testing

/// `hookline serve` and the operator CLI, as separate processes talking over loopback.
@Suite struct ServeAndCLITests {
    static func temporaryDatabase() -> String {
        "sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("hookline-cli-\(UUID().uuidString).sqlite").path
    }

    /// Starts a server on a free port and returns it with its base URL.
    static func startServer(_ extra: [String] = [], database: String = temporaryDatabase(), adminToken: String? = "cli-admin-token-0123456789")
        async throws -> (HooklineProcess, String)
    {
        var arguments = ["serve", "--port", "0", "--database", database] + extra
        if let adminToken { arguments += ["--admin-token", adminToken] }
        let server = try await HooklineProcess(arguments)
        let output = try await server.waitForOutput { $0.contains("Hookline listening on ") }
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Hookline listening on ") })
        return (server, String(line.dropFirst("Hookline listening on ".count)))
    }

    @Test func storesAndAccountsThroughTheCLI() async throws {
        let (server, base) = try await Self.startServer()
        let connection = ["--server", base, "--admin-token", "cli-admin-token-0123456789"]

        let created = try await HooklineProcess.run(["stores", "create", "--store-hash", "clistore"] + connection)
        #expect(created.status == 0, "\(created.output)")
        #expect(created.output.contains("clistore") && created.output.contains("1000001"))

        let listed = try await HooklineProcess.run(["stores", "list", "--json"] + connection)
        #expect(listed.status == 0)
        #expect(listed.output.contains(#""store_hash":"clistore""#))

        let account = try await HooklineProcess.run(["accounts", "create", "--store", "clistore", "--name", "erp", "--json"] + connection)
        #expect(account.status == 0, "\(account.output)")
        let json = try JSONSerialization.jsonObject(with: Data(account.output.utf8)) as? [String: Any]
        let data = try #require(json?["data"] as? [String: Any])
        let clientID = try #require(data["client_id"] as? String)
        #expect((data["access_token"] as? String)?.isEmpty == false)

        let accounts = try await HooklineProcess.run(["accounts", "list", "--store", "clistore"] + connection)
        #expect(accounts.output.contains(clientID) && accounts.output.contains("erp"))
        #expect(!accounts.output.contains(data["client_secret"] as? String ?? "-"))

        let revoked = try await HooklineProcess.run(["accounts", "revoke", "--store", "clistore", clientID] + connection)
        #expect(revoked.status == 0, "\(revoked.output)")
        let again = try await HooklineProcess.run(["accounts", "revoke", "--store", "clistore", clientID] + connection)
        #expect(again.status != 0)
        #expect(again.output.contains("404") && again.output.contains("not found"))

        let wrongToken = try await HooklineProcess.run(["stores", "list", "--server", base, "--admin-token", "wrong-token-000000"])
        #expect(wrongToken.status != 0 && wrongToken.output.contains("401"))

        server.signal(SIGTERM)
        let exit = try await server.waitForExit()
        #expect(exit.status == 0, "SIGTERM is a graceful stop: \(exit.output)")
    }

    @Test func adminTokenIsGeneratedOncePrintedAndKept() async throws {
        let database = Self.temporaryDatabase()
        let (first, _) = try await Self.startServer(database: database, adminToken: nil)
        let token = try #require(
            first.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("hla_") })
        first.signal(SIGTERM)
        _ = try await first.waitForExit()

        let (second, base) = try await Self.startServer(database: database, adminToken: nil)
        #expect(!second.output.contains(token), "the token is printed only once")
        let listed = try await HooklineProcess.run(["stores", "list", "--server", base], environment: ["HOOKLINE_ADMIN_TOKEN": token])
        #expect(listed.status == 0, "the generated token keeps working after a restart: \(listed.output)")
        second.signal(SIGINT)
        #expect(try await second.waitForExit().status == 0)
    }

    @Test func demoPrintsAWorkingTokenAndIsIdempotent() async throws {
        let database = Self.temporaryDatabase()
        for _ in 0..<2 {
            let (server, base) = try await Self.startServer(["--demo"], database: database)
            let output = server.output
            #expect(output.contains("store_hash:    demo"))
            let tokenLine = try #require(output.split(separator: "\n").first { $0.contains("access_token:") })
            let token = String(tokenLine.split(separator: " ").dropFirst().first ?? "")
            #expect(output.contains("curl -s -X POST \(base)/stores/demo/v3/hooks"))

            let answer = try await TestHTTPClient(baseURL: base).send(
                .GET, "/stores/demo/v3/hooks", headers: ["X-Auth-Token": token], timeout: .seconds(10))
            #expect(answer.status == 200)
            server.signal(SIGTERM)
            _ = try await server.waitForExit()
        }
    }

    @Test(arguments: [
        ["serve", "--port", "70000"], ["serve", "--database", "mysql://x"], ["serve", "--admin-token", "short"],
        ["serve", "--log-level", "loud"], ["serve", "--adaptive-concurrency", "maybe"], ["serve", "--adaptive-window-ms", "0"],
        ["stores", "list", "--server", "http://127.0.0.1:1", "--admin-token", "whatever-token-123"],
    ])
    func badInvocationsFailWithAMessage(_ arguments: [String]) async throws {
        let result = try await HooklineProcess.run(arguments, environment: ["HOOKLINE_ADMIN_TOKEN": ""])
        #expect(result.status != 0)
        #expect(result.output.contains("Error:") || result.output.contains("error:"), "\(result.output)")
        #expect(!result.output.contains("Stack dump") && !result.output.contains("Fatal error"))
    }
}
