import Foundation
@testable import HooklineStore
import Testing

/// libpq's TLS parameters in the `--database` URL, read without a server.
@Suite struct PostgresTLSSettingsTests {
    static func settings(_ query: String, files: Set<String> = []) throws(PostgresURLError) -> PostgresTLSSettings {
        try PostgresTLSSettings(queryItems: URLComponents(string: "postgres://h/d?" + query)?.queryItems ?? [], fileExists: files.contains)
    }

    @Test func theDefaultIsPreferWithoutVerification() throws {
        let settings = try Self.settings("application_name=x")
        #expect(settings == PostgresTLSSettings(mode: .prefer))
        #expect(!settings.verifiesCertificate && !settings.verifiesHostName)
    }

    @Test func eachModeVerifiesWhatLibpqDoes() throws {
        #expect(try Self.settings("sslmode=disable").mode == .disable)
        #expect(try !Self.settings("sslmode=require").verifiesCertificate)
        // As in libpq, `require` with a root certificate checks the chain (as verify-ca).
        let requireWithRoot = try Self.settings("sslmode=require&sslrootcert=/ca.pem", files: ["/ca.pem"])
        #expect(requireWithRoot.verifiesCertificate && !requireWithRoot.verifiesHostName)
        let verifyCA = try Self.settings("sslmode=verify-ca&sslrootcert=/ca.pem", files: ["/ca.pem"])
        #expect(verifyCA.mode == .verifyCA && verifyCA.verifiesCertificate && !verifyCA.verifiesHostName)
        let verifyFull = try Self.settings("sslmode=verify-full&sslrootcert=/ca.pem", files: ["/ca.pem"])
        #expect(verifyFull.rootCertificatePath == "/ca.pem" && verifyFull.verifiesHostName)
        // `sslrootcert=system`: the system's trust store.
        #expect(try Self.settings("sslmode=verify-full&sslrootcert=system").rootCertificatePath == nil)
        let client = try Self.settings("sslmode=verify-full&sslcert=/c.pem&sslkey=/k.pem", files: ["/c.pem", "/k.pem"])
        #expect(client.clientCertificatePath == "/c.pem" && client.clientKeyPath == "/k.pem")
    }

    @Test func badParametersAreRefusedWithAMessage() {
        #expect(throws: PostgresURLError(description: "unknown sslmode 'verify' in the database URL: use one of disable, prefer, require, verify-ca, verify-full")) {
            try Self.settings("sslmode=verify")
        }
        #expect(throws: PostgresURLError(description: "sslrootcert=/missing.pem: no such readable file (the database URL's sslrootcert must name a PEM file)")) {
            try Self.settings("sslmode=verify-full&sslrootcert=/missing.pem")
        }
        #expect(throws: PostgresURLError.self) { try Self.settings("sslcert=/c.pem", files: ["/c.pem"]) }
        #expect(throws: PostgresURLError.self) { try Self.settings("sslkey=/k.pem", files: ["/k.pem"]) }
    }

    @Test func aFileThatIsNotACertificateFailsAtStart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-ca-\(UUID().uuidString).pem").path
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: PostgresURLError.self) {
            try PostgresStorage(url: "postgres://127.0.0.1/d?sslmode=verify-full&sslrootcert=\(path)", logger: testLogger)
        }
    }
}
