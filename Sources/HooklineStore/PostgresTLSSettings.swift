import Foundation

/// How to secure connections to PostgreSQL, from libpq's parameters in the `--database` URL's
/// query: `sslmode`, `sslrootcert`, `sslcert`, `sslkey`. Plain values, checked here (unknown
/// modes, missing files); `PostgresStorage` turns them into NIOSSL's `TLSConfiguration`.
public struct PostgresTLSSettings: Sendable, Equatable {
    /// libpq's `sslmode`, the ones Hookline supports.
    public enum Mode: String, Sendable, CaseIterable {
        /// Never TLS: the password and data cross the network in clear.
        case disable
        /// TLS if the server offers it, without checking its certificate (libpq's default): defeats
        /// passive eavesdropping, not an active man in the middle, and falls back to clear text.
        case prefer
        /// TLS or no connection, without checking the certificate (unless `sslrootcert` is given,
        /// then as `verify-ca`): no clear text, but no protection against a man in the middle.
        case require
        /// TLS, and the server's certificate must chain to the trusted CA; any host name.
        case verifyCA = "verify-ca"
        /// TLS, a certificate from the trusted CA, and issued for the host name in the URL: the
        /// only mode that stops a man in the middle holding another certificate from the same CA.
        case verifyFull = "verify-full"
    }

    /// The mode asked for (`prefer` when the URL names none).
    public var mode: Mode
    /// `sslrootcert`: a PEM file of the CAs to trust; `nil` or `system`: the system's trust store.
    public var rootCertificatePath: String?
    /// `sslcert`: a PEM client certificate (chain) to present, with `clientKeyPath`.
    public var clientCertificatePath: String?
    /// `sslkey`: the PEM private key of `clientCertificatePath`.
    public var clientKeyPath: String?

    /// Whether the server's certificate must chain to a trusted CA.
    public var verifiesCertificate: Bool {
        switch mode {
        case .disable, .prefer: false
        case .require: rootCertificatePath != nil
        case .verifyCA, .verifyFull: true
        }
    }

    /// Whether the certificate must also name the host connected to.
    public var verifiesHostName: Bool { mode == .verifyFull }

    /// The mode as the URL spells it, for messages (`sslmode=verify-full`).
    public var summary: String { "sslmode=\(mode.rawValue)" }

    /// Settings with no TLS parameters: libpq's default, `prefer`.
    public init(mode: Mode = .prefer, rootCertificatePath: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil) {
        self.mode = mode
        self.rootCertificatePath = rootCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
    }

    /// Reads the TLS parameters of a URL's query items; other parameters are left alone. Throws
    /// `PostgresURLError` for an unknown `sslmode`, a named file that does not exist (checked with
    /// `fileExists`), or `sslcert` without `sslkey` (or the reverse).
    public init(
        queryItems: [URLQueryItem], fileExists: (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) }
    ) throws(PostgresURLError) {
        func value(_ name: String) -> String? { queryItems.last { $0.name == name }?.value.flatMap { $0.isEmpty ? nil : $0 } }
        func file(_ name: String) throws(PostgresURLError) -> String? {
            guard let path = value(name) else { return nil }
            guard fileExists(path) else {
                throw PostgresURLError(description: "\(name)=\(path): no such readable file (the database URL's \(name) must name a PEM file)")
            }
            return path
        }
        var mode = Mode.prefer
        if let text = value("sslmode") {
            guard let given = Mode(rawValue: text) else {
                throw PostgresURLError(
                    description: "unknown sslmode '\(text)' in the database URL: use one of "
                        + Mode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            mode = given
        }
        let root = value("sslrootcert") == "system" ? nil : try file("sslrootcert")
        let certificate = try file("sslcert")
        let key = try file("sslkey")
        guard (certificate == nil) == (key == nil) else {
            throw PostgresURLError(description: "the database URL needs both sslcert and sslkey for a client certificate, or neither")
        }
        self.init(mode: mode, rootCertificatePath: root, clientCertificatePath: certificate, clientKeyPath: key)
    }
}
