import AsyncHTTPClient
import Foundation
import HooklineTestSupport
import Testing

/// `serve --demo`'s built-in receiver and first delivery, `hookline hooks …` through the client API,
/// and the progress `deliveries replay --follow` shows: real processes on loopback.
@Suite struct DemoAndHooksCLITests {
    @Test func demoDeliversTheEmittedEventToItsOwnReceiver() async throws {
        let database = ServeAndCLITests.temporaryDatabase()
        let adminToken = DeliverySandbox.adminToken
        for start in 1...2 {
            let (server, base) = try await ServeAndCLITests.startServer(["--demo"], database: database, adminToken: adminToken)
            let output = server.output
            #expect(output.contains("See it on the dashboard: \(base)/dashboard"), "\(output)")
            let emitLine = try #require(output.split(separator: "\n").first { $0.contains("hookline emit ") }, "\(output)")
            var arguments = emitLine.split(separator: " ").map(String.init).drop { $0 != "emit" }.map { $0 }
            arguments = arguments.map { $0 == #""$HOOKLINE_ADMIN_TOKEN""# ? adminToken : $0 }
            let emitted = try await HooklineProcess.run(arguments)
            #expect(emitted.status == 0 && emitted.output.contains("1 delivery"), "the demo webhook matches: \(emitted.output)")

            let received = try await Eventually.wait("the demo receiver to record the delivery", timeout: .seconds(30)) { () -> [[String: Any]]? in
                let answer = try await ObservabilityTests.get(base + "/admin/v1/demo/receiver")
                let data = try DeliverySandbox.jsonObject(answer.body)["data"] as? [[String: Any]]
                return data?.isEmpty == false ? data : nil
            }
            let headers = try #require(received[0]["headers"] as? [String: String])
            #expect(headers["webhook-signature"]?.hasPrefix("v1,") == true, "signed per Standard Webhooks: \(headers)")
            #expect((received[0]["body"] as? String)?.contains(#""scope":"store/order/created""#) == true, "\(received[0])")
            try await Self.expectOnTheDashboard(base: base, adminToken: adminToken, webhookID: try #require(headers["webhook-id"]))

            let hooks = try await HooklineProcess.run(
                ["hooks", "list", "--store", "demo", "--server", base, "--json",
                 "--access-token", try #require(Self.accessToken(in: output))])
            let list = try #require(try DeliverySandbox.jsonObject(hooks.output)["data"] as? [[String: Any]], "\(hooks.output)")
            #expect(list.count == 1, "start \(start): one demo webhook, moved to this start's port: \(list)")
            #expect(list.first?["destination"] as? String == base + "/demo/receiver")
            server.signal(SIGTERM)
            _ = try await server.waitForExit()
        }
    }

    /// Logs in to the dashboard that `serve --demo` printed and finds the delivery with `webhookID` on
    /// the demo receiver's page, which the overview links to.
    static func expectOnTheDashboard(base: String, adminToken: String, webhookID: String) async throws {
        let http = TestHTTPClient(baseURL: base)
        let login = try await http.send(.POST, "/dashboard/login", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "token=\(adminToken)")
        let cookie = try #require(login.headers.first(name: "Set-Cookie")?.split(separator: ";").first.map(String.init), "\(login.body)")
        let overview = try await http.send(.GET, "/dashboard", headers: ["Cookie": cookie])
        #expect(overview.body.contains(#"href="/dashboard/demo/receiver""#), "\(overview.body)")
        let page = try await http.send(.GET, "/dashboard/demo/receiver", headers: ["Cookie": cookie])
        #expect(page.status == 200 && page.body.contains("<code>\(webhookID)</code>"), "\(page.body)")
        #expect(page.body.contains("store/order/created"), "the body's excerpt")
    }

    /// The access token `serve --demo` printed.
    static func accessToken(in output: String) -> String? {
        output.split(separator: "\n").first { $0.contains("access_token:") }.flatMap { $0.split(separator: " ").dropFirst().first }
            .map(String.init)
    }

    @Test func hooksCommandsDriveTheClientAPIWithAnAccessToken() async throws {
        let sandbox = try await DeliverySandbox.start(storeHash: "hookscli")
        let connection = ["--store", "hookscli", "--server", sandbox.base, "--access-token", sandbox.accessToken]
        let created = try await HooklineProcess.run(
            ["hooks", "create", "--scope", "store/order/*", "--destination", "http://127.0.0.1:9/orders", "--header", "X-Key: abc",
             "--json"] + connection)
        #expect(created.status == 0, "\(created.output)")
        let hook = try #require(try DeliverySandbox.jsonObject(created.output)["data"] as? [String: Any])
        let id = try #require(hook["id"] as? Int)
        #expect((hook["headers"] as? [String: String])?["X-Key"] == "abc")

        let listed = try await HooklineProcess.run(["hooks", "list"] + connection)
        #expect(listed.status == 0 && listed.output.contains("store/order/*") && listed.output.contains("http://127.0.0.1:9/orders"))

        let updated = try await HooklineProcess.run(["hooks", "update", "\(id)", "--active", "false", "--json"] + connection)
        #expect(updated.status == 0, "\(updated.output)")
        let changed = try #require(try DeliverySandbox.jsonObject(updated.output)["data"] as? [String: Any])
        #expect(changed["is_active"] as? Bool == false && changed["scope"] as? String == "store/order/*", "only is_active changes")

        let refused = try await HooklineProcess.run(["hooks", "create", "--scope", "store/nothing", "--destination", "x"] + connection)
        #expect(refused.status != 0 && refused.output.contains("422"), "the server's 422 and its field errors: \(refused.output)")
        let noToken = try await HooklineProcess.run(["hooks", "list", "--store", "hookscli", "--server", sandbox.base])
        #expect(noToken.status != 0 && noToken.output.contains("access token"), "\(noToken.output)")

        let deleted = try await HooklineProcess.run(["hooks", "delete", "\(id)"] + connection)
        #expect(deleted.status == 0 && deleted.output.contains("Deleted webhook \(id)."), "\(deleted.output)")
        let gone = try await HooklineProcess.run(["hooks", "delete", "\(id)"] + connection)
        #expect(gone.status != 0 && gone.output.contains("404"), "\(gone.output)")
        try await sandbox.stop()
    }

    @Test func replayFollowsItsDeliveriesWithProgressLines() async throws {
        let receiver = try await Receiver()
        defer { receiver.stop() }
        let sandbox = try await DeliverySandbox.start(storeHash: "replayprogress")
        let hookID = try await sandbox.createHook(scope: "store/order/created", destination: receiver.url("/orders"))
        let since = Int(Date().timeIntervalSince1970) - 1
        for id in 1...3 {
            let emitted = try await sandbox.cli(["emit", "store/order/created", "--store", "replayprogress", "--id", "\(id)"])
            try #require(emitted.status == 0, "\(emitted.output)")
        }
        try await receiver.waitFor("the first three deliveries") { $0.count == 3 }

        let replayed = try await sandbox.cli(
            ["deliveries", "replay", "--store", "replayprogress", "--hook", "\(hookID)", "--since", "\(since)", "--follow"])
        #expect(replayed.status == 0, "\(replayed.output)")
        #expect(replayed.output.contains("Scheduled 3 deliveries"), "\(replayed.output)")
        #expect(replayed.output.contains("3 of 3 attempted\n"), "plain lines when not on a terminal: \(replayed.output)")
        #expect(!replayed.output.contains("\r"), "no bar redraws into a pipe")
        #expect(receiver.deliveries().count == 6)

        // On a terminal (util-linux's `script` gives the command one), a bar is redrawn in place.
        let command = ([HooklineProcess.executable.path, "deliveries", "replay", "--store", "replayprogress", "--hook", "\(hookID)",
            "--since", "\(since)", "--follow", "--server", sandbox.base, "--admin-token", DeliverySandbox.adminToken])
            .joined(separator: " ")
        let onTerminal = try await HooklineProcess.run(program: "/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(onTerminal.status == 0, "\(onTerminal.output)")
        let full = "[" + String(repeating: "#", count: 30) + "] 3/3 attempted"
        #expect(onTerminal.output.contains("\r" + full), "a bar on a terminal: \(onTerminal.output.debugDescription)")
        #expect(!onTerminal.output.contains("of 3 attempted"))
        try await sandbox.stop()
    }
}
