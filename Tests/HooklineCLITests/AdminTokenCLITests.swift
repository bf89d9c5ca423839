import Foundation
import Testing

/// `hookline admin-token rotate` against a running server.
@Suite struct AdminTokenCLITests {
    @Test func rotatePrintsANewTokenOnceAndTheOldOneStopsWorking() async throws {
        let old = "cli-admin-token-0123456789"
        let (server, base) = try await ServeAndCLITests.startServer(adminToken: old)
        let rotated = try await HooklineProcess.run(["admin-token", "rotate", "--server", base, "--admin-token", old])
        #expect(rotated.status == 0, "\(rotated.output)")
        let line = try #require(rotated.output.split(separator: "\n").first { $0.hasPrefix("admin_token") })
        let new = try #require(line.split(separator: " ").last.map(String.init))
        #expect(new.hasPrefix("hla_"))
        #expect(rotated.output.contains("not shown again"))

        let withOld = try await HooklineProcess.run(["stores", "list", "--server", base, "--admin-token", old])
        #expect(withOld.status != 0 && withOld.output.contains("401"), "the old token is refused at once")
        let withNew = try await HooklineProcess.run(["stores", "list", "--server", base], environment: ["HOOKLINE_ADMIN_TOKEN": new])
        #expect(withNew.status == 0, "\(withNew.output)")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit().status == 0)
    }
}
