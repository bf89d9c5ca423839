import NIOSSL
import PostgresNIO

extension PostgresTLSSettings {
    /// NIOSSL's client configuration for these settings: the PEM files are read now, so a bad one
    /// fails at start. Host names are checked only for `verify-full`; the chain for `verify-ca`,
    /// `verify-full`, and `require` with `sslrootcert` (as libpq does).
    func tlsConfiguration() throws(PostgresURLError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification =
            verifiesHostName ? .fullVerification : verifiesCertificate ? .noHostnameVerification : .none
        do {
            if let rootCertificatePath {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificatePath))
            }
        } catch {
            throw PostgresURLError(description: "sslrootcert=\(rootCertificatePath ?? ""): not a PEM certificate file (\(error))")
        }
        if let clientCertificatePath, let clientKeyPath {
            do {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificatePath).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientKeyPath, format: .pem))
            } catch {
                throw PostgresURLError(
                    description: "sslcert=\(clientCertificatePath) / sslkey=\(clientKeyPath): not a PEM certificate and key (\(error))")
            }
        }
        return configuration
    }

    /// The pool's TLS mode.
    func clientTLS() throws(PostgresURLError) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try tlsConfiguration())
        case .require, .verifyCA, .verifyFull: .require(try tlsConfiguration())
        }
    }

    /// A single connection's TLS mode (same settings as `clientTLS()`).
    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: try tlsConfiguration()))
        case .require, .verifyCA, .verifyFull: .require(try NIOSSLContext(configuration: try tlsConfiguration()))
        }
    }
}
