import Foundation
import NIOSSL
import Synchronization

/// The PEM certificate chain and private key the API serves HTTPS with, re-readable while the
/// server runs (`hookline serve` re-reads them on SIGHUP) so a renewed certificate needs no restart.
///
/// Every TLS handshake takes the pair loaded last (through NIOSSL's per-handshake context
/// callback), so connections already open keep theirs and new ones get the new one.
public final class TLSCertificateFiles: Sendable {
    /// The certificate chain file (PEM, leaf first).
    public let certificatePath: String
    /// The private key file (PEM).
    public let keyPath: String

    private struct Pair: Sendable {
        var chain: [NIOSSLCertificateSource]
        var key: NIOSSLPrivateKeySource
    }

    private let current: Mutex<Pair>

    /// Reads the pair; throws `TLSFilesError` naming the file that could not be used.
    public init(certificatePath: String, keyPath: String) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.current = Mutex(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// Reads the files again; if they cannot be used, the pair in use stays and the error is thrown.
    public func reload() throws {
        let pair = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLock { $0 = pair }
    }

    /// The server configuration: TLS 1.2 or newer, NIOSSL's default cipher suites, the pair loaded last.
    public func serverConfiguration() -> TLSConfiguration {
        let pair = current.withLock { $0 }
        var configuration = Self.configuration(pair)
        configuration.sslContextCallback = { [self] _, promise in
            let pair = current.withLock { $0 }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain
            override.privateKey = pair.key
            promise.succeed(override)
        }
        return configuration
    }

    private static func configuration(_ pair: Pair) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: pair.chain, privateKey: pair.key)
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }

    private static func load(certificatePath: String, keyPath: String) throws -> Pair {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw TLSFilesError(message: "cannot read the TLS certificate \(certificatePath): \(error)")
        }
        guard !chain.isEmpty else {
            throw TLSFilesError(message: "the TLS certificate file \(certificatePath) holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw TLSFilesError(message: "cannot read the TLS private key \(keyPath): \(error)")
        }
        let pair = Pair(chain: chain.map { .certificate($0) }, key: .privateKey(key))
        do {
            // Building a context checks that the key belongs to the certificate.
            _ = try NIOSSLContext(configuration: configuration(pair))
        } catch {
            throw TLSFilesError(message: "the TLS key \(keyPath) does not fit the certificate \(certificatePath): \(error)")
        }
        return pair
    }
}

/// A TLS certificate or key file that cannot be served.
public struct TLSFilesError: Error, CustomStringConvertible {
    /// What is wrong, naming the file.
    public var message: String
    /// The message.
    public var description: String { message }
}
