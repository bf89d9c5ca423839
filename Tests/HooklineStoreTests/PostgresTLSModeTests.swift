import Foundation
@testable import HooklineStore
import HooklineTestSupport
import Testing

/// The test server's admin URL, if it names a root certificate (the server then speaks TLS).
let tlsServerURL: String? = TestPostgres.adminURL.flatMap { url in
    URLComponents(string: url)?.queryItems?.contains { $0.name == "sslrootcert" } == true ? url : nil
}

/// The TLS modes against the PostgreSQL server the tests use, when its URL carries TLS parameters
/// (CI's cluster runs with `ssl=on`, a test CA, and a certificate for the name `localhost` only, no IP
/// address: NIOSSL matches an IP address in a certificate against the address connected to).
@Suite(.enabled(if: tlsServerURL != nil, "HOOKLINE_TEST_POSTGRES_URL has no sslrootcert: the TLS modes are not tested"))
struct PostgresTLSModeTests {
    /// The server's admin URL, if it names a root certificate (the server then speaks TLS).
    static var serverURL: String? { tlsServerURL }

    /// `serverURL` with its TLS parameters replaced (a `nil` value removes one) and, if given, its host.
    static func url(_ parameters: [String: String?], host: String? = nil) throws -> String {
        let serverURL = try #require(serverURL)
        var components = try #require(URLComponents(string: serverURL))
        var items = (components.queryItems ?? []).filter { parameters[$0.name] == nil }
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) { if let value { items.append(URLQueryItem(name: name, value: value)) } }
        components.queryItems = items
        if let host { components.host = host }
        return try #require(components.string)
    }

    /// Whether a connection made with `url`'s settings is encrypted, as the server sees it.
    static func encrypted(_ url: String) async throws -> Bool {
        let answer = try await TestPostgres(url: url).scalar("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        return answer == "true"
    }

    @Test(arguments: ["prefer", "require", "verify-ca", "verify-full"])
    func everyTLSModeConnectsEncrypted(_ mode: String) async throws {
        let url = try Self.url(["sslmode": mode])
        try await PostgresStorage.checkConnection(url: url, logger: testLogger)
        #expect(try await Self.encrypted(url))
    }

    @Test func disableConnectsInClearText() async throws {
        #expect(try await !Self.encrypted(try Self.url(["sslmode": "disable", "sslrootcert": nil])))
    }

    @Test func verifyFullRefusesACertificateForAnotherHostName() async throws {
        // The certificate names localhost only; 127.0.0.1 reaches the same server.
        let wrongName = try Self.url(["sslmode": "verify-full"], host: "127.0.0.1")
        let error = await #expect(throws: PostgresConnectionCheckError.self) {
            try await PostgresStorage.checkConnection(url: wrongName, logger: testLogger)
        }
        #expect(error?.description.contains("sslmode=verify-full") == true)
        #expect(error?.description.contains("issued for '127.0.0.1'") == true, "\(error?.description ?? "")")
        // verify-ca checks the chain only, so the same connection succeeds.
        try await PostgresStorage.checkConnection(url: try Self.url(["sslmode": "verify-ca"], host: "127.0.0.1"), logger: testLogger)
    }

    @Test func aCertificateFromAnotherCAIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-other-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let otherCA = directory.appendingPathComponent("ca.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Another CA",
            "-keyout", directory.appendingPathComponent("ca.key").path, "-out", otherCA,
        ]
        openssl.standardError = FileHandle.nullDevice
        try await ProcessLaunchGate.run(openssl)
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl makes a CA")

        for mode in ["verify-full", "verify-ca", "require"] {
            let error = await #expect(throws: PostgresConnectionCheckError.self, "\(mode) with another CA") {
                try await PostgresStorage.checkConnection(url: try Self.url(["sslmode": mode, "sslrootcert": otherCA]), logger: testLogger)
            }
            #expect(error?.description.contains("check that sslrootcert names the CA") == true, "\(error?.description ?? "")")
        }
        // Without a root certificate, require encrypts without checking (libpq's meaning).
        try await PostgresStorage.checkConnection(url: try Self.url(["sslmode": "require", "sslrootcert": nil]), logger: testLogger)
    }
}
