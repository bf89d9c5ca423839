import Foundation
import HooklineTestSupport
import Testing

/// `hookline serve`'s public-edge options, on the real binary: HTTPS renewed by SIGHUP, the admin
/// listener, and options that must come in pairs.
@Suite struct ServeEdgeTests {
    @Test func sighupMakesTheServerPresentARenewedCertificate() async throws {
        let first = try await TestCertificates.make("first")
        let renewed = try await TestCertificates.make("renewed")
        let (server, base) = try await ServeAndCLITests.startServer([
            "--tls-cert", first.certificateFile, "--tls-key", first.keyFile,
        ])
        #expect(base.hasPrefix("https://127.0.0.1:"))
        #expect(try await EdgeHTTPClient.send("\(base)/health", trusting: first.caFile).status == 200)

        try renewed.install(over: first)
        server.signal(SIGHUP)
        _ = try await server.waitForOutput { $0.contains("reloaded the TLS certificate") }
        #expect(server.isRunning, "SIGHUP reloads; it does not end the server")
        #expect(try await EdgeHTTPClient.send("\(base)/health", trusting: renewed.caFile).status == 200)
        server.signal()
        _ = try await server.waitForExit()
    }

    @Test func anAdminListenerTakesTheAdminAPIOffThePublicPort() async throws {
        let token = "cli-admin-token-0123456789"
        let (server, base) = try await ServeAndCLITests.startServer(["--admin-host", "127.0.0.1", "--admin-port", "0"])
        let output = try await server.waitForOutput { $0.contains("Hookline admin listening on ") }
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Hookline admin listening on ") })
        let admin = String(line.dropFirst("Hookline admin listening on ".count))
        #expect(output.contains("open-file limit") && output.contains("hard="), "the file limits are logged at start")
        #expect(try await EdgeHTTPClient.send("\(base)/admin/v1/stores", adminToken: token).status == 404)
        #expect(try await EdgeHTTPClient.send("\(admin)/admin/v1/stores", adminToken: token).status == 200)
        let created = try await HooklineProcess.run(["stores", "create", "--store-hash", "edgestore", "--server", admin, "--admin-token", token])
        #expect(created.status == 0, "the CLI works against the admin listener: \(created.output)")
        server.signal()
        _ = try await server.waitForExit()
    }

    @Test func halfGivenPairsAndUnreadableCertificatesAreRefusedWithAClearMessage() async throws {
        let onlyCert = try await HooklineProcess.run(["serve", "--port", "0", "--tls-cert", "/nonexistent.pem"])
        #expect(onlyCert.status != 0)
        #expect(onlyCert.output.contains("--tls-cert and --tls-key go together"), "\(onlyCert.output)")
        let missing = try await HooklineProcess.run(["serve", "--port", "0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"])
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot read the TLS certificate /nonexistent.pem"), "\(missing.output)")
        let onlyAdminHost = try await HooklineProcess.run(["serve", "--port", "0", "--admin-host", "127.0.0.1"])
        #expect(onlyAdminHost.output.contains("--admin-host and --admin-port go together"), "\(onlyAdminHost.output)")
        #expect(!missing.output.contains("Fatal error") && !missing.output.contains("Backtrace"))
    }
}

extension ServeEdgeTests {
    @Test func failedAuthenticationIsLoggedWithTheForwardedClientAddress() async throws {
        let (server, base) = try await ServeAndCLITests.startServer(["--trusted-proxy", "127.0.0.1"])
        let answer = try await EdgeHTTPClient.send(
            "\(base)/admin/v1/stores", adminToken: "not-the-admin-token", headers: [("X-Forwarded-For", "198.51.100.23")])
        #expect(answer.status == 401)
        let output = try await server.waitForOutput { $0.contains("authentication failed") }
        let line = try #require(output.split(separator: "\n").first { $0.contains("authentication failed") })
        #expect(line.contains("peer=198.51.100.23") && line.contains("api=admin"), "\(line)")
        server.signal()
        _ = try await server.waitForExit()
    }
}
