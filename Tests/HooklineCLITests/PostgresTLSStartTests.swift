import Foundation
import HooklineTestSupport
import Testing

/// The test server's URL, if it connects to localhost with verify-full.
let verifiedPostgresURL: URLComponents? = {
    guard let url = TestPostgres.adminURL, let components = URLComponents(string: url), components.host == "localhost",
        components.queryItems?.contains(where: { $0.name == "sslmode" && $0.value == "verify-full" }) == true
    else { return nil }
    return components
}()

/// `hookline serve` on PostgreSQL over TLS: a certificate that does not match stops the start with
/// the reason. Runs when the test server's URL checks certificates (CI's: verify-full, a
/// certificate for `localhost` only).
@Suite(.enabled(if: verifiedPostgresURL != nil, "HOOKLINE_TEST_POSTGRES_URL is not verify-full to localhost: not tested"))
struct PostgresTLSStartTests {

    @Test func aCertificateForAnotherHostStopsTheStartWithTheReason() async throws {
        var components = try #require(verifiedPostgresURL)
        components.host = "127.0.0.1"
        let url = try #require(components.string)
        let run = try await HooklineProcess.run(["serve", "--port", "0", "--database", url, "--admin-token", "tls-admin-token-0123456789"])
        #expect(run.status != 0)
        #expect(run.output.contains("cannot connect to PostgreSQL at 127.0.0.1"), "\(run.output)")
        #expect(run.output.contains("sslmode=verify-full") && run.output.contains("issued for '127.0.0.1'"))
        #expect(!run.output.contains("Hookline listening on"))
    }
}
