import Foundation
import HooklineCore
import HooklineDelivery
import HooklineTestSupport
import NIOCore
import NIOSSL
import Testing

/// HTTPS deliveries against a real TLS receiver whose certificates come from a test CA made with
/// `openssl` at test time: the handshake and SNI with the CA added (as `--ca-file` does), and a
/// wrong host name, an unknown authority and an expired certificate refused with class tls, each
/// saying why. The scripted resolver points the test host names at 127.0.0.1. A refusal's reason
/// comes from a second handshake within the attempt's time, which the transport tests' long request
/// timeout leaves room for.
@Suite struct TransportTLSTests {
    static func receiver(_ certificates: TestCertificates, certificate: String) async throws -> ScriptedReceiver {
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.keyFile, format: .pem)))
        return try await ScriptedReceiver(tls: tls) { _ in .ok("secure") }
    }

    static let resolver = ScriptedResolver(["hooks.test": [["127.0.0.1"]], "other.test": [["127.0.0.1"]]])

    @Test func aReceiverWithATrustedCertificateGetsTheDeliveryWithSNI() async throws {
        let certificates = try await TestCertificates.make("transport", hostName: "hooks.test")
        defer { certificates.remove() }
        let receiver = try await Self.receiver(certificates, certificate: certificates.certificateFile)
        let transport = try DeliveryTransportTests.transport(resolver: Self.resolver, caFile: certificates.caFile)
        for _ in 0..<2 {
            let response = try await DeliveryTransportTests.post(transport, "https://hooks.test:\(receiver.port)/tls").get()
            #expect(response.status == 200 && response.excerpt == Array("secure".utf8))
        }
        #expect(receiver.serverNames == ["hooks.test"], "one handshake, reused; SNI is the URL's host")
        #expect(receiver.requests.first?.head.headers["Host"] == ["hooks.test:\(receiver.port)"])
        await receiver.close()
    }

    /// A certificate the transport must refuse, and what the refusal must say.
    enum Refusal: String, CaseIterable, Sendable {
        case wrongHostName = "name mismatch"
        case unknownAuthority = "unknown authority"
        case expired = "expired"
    }

    @Test(arguments: Refusal.allCases)
    func aCertificateThatDoesNotHoldIsRefusedSayingWhy(_ refusal: Refusal) async throws {
        let certificates = try await TestCertificates.make("transport", hostName: "hooks.test")
        defer { certificates.remove() }
        let receiver = try await Self.receiver(
            certificates, certificate: refusal == .expired ? certificates.expiredFile : certificates.certificateFile)
        let transport = try DeliveryTransportTests.transport(
            resolver: Self.resolver, caFile: refusal == .unknownAuthority ? nil : certificates.caFile)
        let host = refusal == .wrongHostName ? "other.test" : "hooks.test"
        let failure = try #require(await DeliveryTransportTests.post(transport, "https://\(host):\(receiver.port)/").failure)
        #expect(failure.errorClass == .tls)
        #expect(failure.message.contains(refusal.rawValue), "\(failure.message)")
        #expect(receiver.requests.isEmpty, "nothing is sent over a refused connection")
        await receiver.close()
    }

    @Test func anUnreadableCAFileIsAClearError() throws {
        #expect(throws: TrustRootsError.self) {
            try DeliveryTransportTests.transport(caFile: "/nonexistent/ca.pem")
        }
    }
}
