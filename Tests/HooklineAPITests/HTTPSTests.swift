import Foundation
import HooklineAPI
import HooklineTestSupport
import Testing

/// `--tls-cert`/`--tls-key`: real handshakes against a CA made at test time, plain HTTP refused
/// cleanly, and a renewed certificate served after a reload.
@Suite struct HTTPSTests {
    @Test func servesHTTPSWithTheGivenCertificateAndRefusesPlainHTTPCleanly() async throws {
        let certificates = try await TestCertificates.make("first")
        let files = try TLSCertificateFiles(certificatePath: certificates.certificateFile, keyPath: certificates.keyFile)
        try await EdgeServer.run(tls: files) { server in
            #expect(server.publicURL.hasPrefix("https://"))
            let health = try await EdgeHTTPClient.send("\(server.publicURL)/health", trusting: certificates.caFile)
            #expect(health.status == 200)

            let plain = try RawConnection(port: server.port)
            #expect(plain.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
            var received: [UInt8] = []
            _ = try await Eventually.wait("the plain-HTTP connection closed", timeout: .seconds(15)) { () -> Bool? in
                guard let bytes = plain.readAvailable() else { return true }
                received += bytes
                return nil
            }
            #expect(!String(decoding: received, as: UTF8.self).hasPrefix("HTTP/"), "no plain-HTTP answer on the TLS port")
            #expect(try await EdgeHTTPClient.send("\(server.publicURL)/health", trusting: certificates.caFile).status == 200)
        }
    }

    @Test func aClientOfferingOnlyTLS11IsRefused() async throws {
        let certificates = try await TestCertificates.make("versions")
        let files = try TLSCertificateFiles(certificatePath: certificates.certificateFile, keyPath: certificates.keyFile)
        try await EdgeServer.run(tls: files) { server throws in
            let url = "\(server.publicURL)/health"
            await #expect(throws: (any Error).self, "TLS 1.2 is the oldest served") {
                try await EdgeHTTPClient.send(url, trusting: certificates.caFile, newestTLS: .tlsv11)
            }
            let modern = try await EdgeHTTPClient.send(url, trusting: certificates.caFile, newestTLS: .tlsv12)
            #expect(modern.status == 200)
        }
    }

    @Test func aReloadServesTheRenewedCertificateAndABrokenOneKeepsTheOld() async throws {
        let first = try await TestCertificates.make("first")
        let renewed = try await TestCertificates.make("renewed")
        let files = try TLSCertificateFiles(certificatePath: first.certificateFile, keyPath: first.keyFile)
        try await EdgeServer.run(tls: files) { server in
            let url = "\(server.publicURL)/health"
            #expect(try await EdgeHTTPClient.send(url, trusting: first.caFile).status == 200)
            await #expect(throws: (any Error).self, "the renewed CA does not vouch for the first certificate") {
                try await EdgeHTTPClient.send(url, trusting: renewed.caFile)
            }

            try renewed.install(over: first)
            try files.reload()
            #expect(try await EdgeHTTPClient.send(url, trusting: renewed.caFile).status == 200)
            await #expect(throws: (any Error).self, "new handshakes no longer get the first certificate") {
                try await EdgeHTTPClient.send(url, trusting: first.caFile)
            }

            try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: first.certificateFile))
            #expect(throws: TLSFilesError.self) { try files.reload() }
            #expect(try await EdgeHTTPClient.send(url, trusting: renewed.caFile).status == 200, "the last good pair stays")
        }
    }
}
